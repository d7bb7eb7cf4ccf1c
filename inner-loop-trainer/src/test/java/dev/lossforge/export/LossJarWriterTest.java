package dev.lossforge.export;

import dev.lossforge.loss.BuiltinLosses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LossJarWriterTest {

    static final LossJarWriter WRITER = new LossJarWriter();
    static ExportedLoss scaledDpo;
    static ExportedLoss scaledDpoHinge;
    static ExportedLoss lrml;

    @BeforeAll
    static void compile() throws Exception {
        scaledDpo = WRITER.compile(ExportFixtures.source("ScaledDpo.java"), ExportFixtures.info(41, "scaled-dpo"));
        scaledDpoHinge = WRITER.compile(ExportFixtures.source("ScaledDpoHinge.java"),
                ExportFixtures.info(42, "scaled-dpo-hinge"));
        lrml = WRITER.compile(BuiltinLosses.get("lrml").source(), CandidateInfo.named("lrml"));
    }

    /** The entries of a JAR in file order, with their contents. */
    static Map<String, byte[]> entries(byte[] jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void aOneLossJarHasTheClassItsSourceTheServiceEntryAndCandidateJson() throws Exception {
        byte[] jar = WRITER.toBytes(List.of(scaledDpo), ExportFixtures.EXPORTED_AT);
        String className = scaledDpo.className();
        assertThat(className).matches("lossforge\\.export\\.c[0-9a-f]{16}\\.ScaledDpo");
        String path = className.replace('.', '/');

        Map<String, byte[]> entries = entries(jar);
        assertThat(entries.keySet()).containsExactly("META-INF/", "META-INF/MANIFEST.MF",
                "META-INF/services/dev.lossforge.loss.PreferenceLoss", "META-INF/lossforge/candidate.json",
                "META-INF/lossforge/sources/" + path + ".java", path + ".class");
        assertThat(new String(entries.get("META-INF/services/dev.lossforge.loss.PreferenceLoss"),
                StandardCharsets.UTF_8)).isEqualTo(className + "\n");
        assertThat(entries.get(path + ".class")).isEqualTo(scaledDpo.loss().classFiles().get(className));

        // the source moved into its package on the first line, every other line where it was
        String original = ExportFixtures.source("ScaledDpo.java");
        String stored = new String(entries.get("META-INF/lossforge/sources/" + path + ".java"), StandardCharsets.UTF_8);
        assertThat(stored).isEqualTo("package " + className.substring(0, className.lastIndexOf('.')) + "; "
                + original);
        assertThat(stored.lines().count()).isEqualTo(original.lines().count());

        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = in.getManifest();
            assertThat(manifest).as("JarInputStream finds the manifest").isNotNull();
            Attributes main = manifest.getMainAttributes();
            assertThat(main.getValue("LossForge-Export-Format")).isEqualTo("1");
            assertThat(main.getValue("LossForge-Candidates")).isEqualTo("1");
            assertThat(main.getValue("LossForge-Index")).isEqualTo("META-INF/lossforge/candidate.json");
            assertThat(main.getValue("LossForge-Loss-Classes")).isEqualTo(className);
        }

        JsonNode json = JsonMapper.builder().build().readTree(entries.get("META-INF/lossforge/candidate.json"));
        assertThat(json.get("format").asString()).isEqualTo("lossforge-candidate/1");
        assertThat(json.get("exportedAt").asString()).isEqualTo("2026-11-22T09:30:00Z");
        assertThat(json.get("className").asString()).isEqualTo(className);
        assertThat(json.get("originalClassName").asString()).isEqualTo("ScaledDpo");
        assertThat(json.get("source").asString()).isEqualTo("META-INF/lossforge/sources/" + path + ".java");
        assertThat(json.get("sourceSha256").asString()).isEqualTo(LossJarWriter.sha256(stored));
        assertThat(json.get("candidateId").asLong()).isEqualTo(41);
        assertThat(json.get("name").asString()).isEqualTo("scaled-dpo");
        assertThat(json.get("hypothesis").asString()).startsWith("a steeper logistic");
        assertThat(json.get("codeHash").asString()).isEqualTo("c0de41");
        assertThat(json.get("proposer").asString()).isEqualTo("llm");
        assertThat(json.get("campaign").get("id").asLong()).isEqualTo(7);
        assertThat(json.get("campaign").get("name").asString()).isEqualTo("noisy bandit");
        assertThat(json.get("createdAt").asString()).isEqualTo("2026-11-21T18:00:00Z");
        assertThat(json.get("metrics").get("summary").propertyNames())
                .containsExactly("deltaPValue", "deltaVsDpo", "fitnessMean");
        JsonNode task = json.get("metrics").get("tasks").get(0);
        assertThat(task.get("task").asString()).isEqualTo("bandit:noisy-40");
        assertThat(task.get("summary").get("fitnessMean").asDouble()).isEqualTo(0.39);
        assertThat(task.get("seeds").get(0).get("seed").asLong()).isEqualTo(42);
        assertThat(task.get("seeds").get(0).get("metrics").get("rewardGain").asDouble()).isEqualTo(0.41);
        // JSON has no NaN: it is written as a string
        assertThat(task.get("seeds").get(1).get("metrics").get("heldOutAccuracy").asString()).isEqualTo("NaN");
    }

    @Test
    void twoCandidatesWithTheSameClassNameGetPackagesOfTheirOwn() throws Exception {
        byte[] jar = WRITER.toBytes(List.of(scaledDpoHinge, scaledDpo, lrml), ExportFixtures.EXPORTED_AT);
        assertThat(scaledDpoHinge.originalClassName()).isEqualTo("my.losses.ScaledDpo");
        assertThat(scaledDpoHinge.loss().simpleName()).isEqualTo(scaledDpo.loss().simpleName());
        assertThat(scaledDpoHinge.className()).isNotEqualTo(scaledDpo.className());
        assertThat(lrml.originalClassName()).isEqualTo("dev.lossforge.loss.builtin.LrmlLoss");
        assertThat(lrml.className()).startsWith("lossforge.export.c").endsWith(".LrmlLoss");

        Map<String, byte[]> entries = entries(jar);
        assertThat(entries).doesNotContainKey("META-INF/lossforge/candidate.json");
        List<String> classes = List.of(scaledDpoHinge.className(), scaledDpo.className(), lrml.className());
        assertThat(new String(entries.get("META-INF/services/dev.lossforge.loss.PreferenceLoss"),
                StandardCharsets.UTF_8).lines()).containsExactlyElementsOf(classes);
        for (String c : classes) {
            assertThat(entries).containsKey(c.replace('.', '/') + ".class")
                    .containsKey("META-INF/lossforge/sources/" + c.replace('.', '/') + ".java");
        }
        JsonNode index = JsonMapper.builder().build().readTree(entries.get("META-INF/lossforge/candidates.json"));
        assertThat(index.get("format").asString()).isEqualTo("lossforge-candidates/1");
        assertThat(index.get("count").asInt()).isEqualTo(3);
        List<String> names = new ArrayList<>();
        for (JsonNode c : index.get("candidates")) {
            names.add(c.get("rank").asInt() + ":" + c.get("name").asString() + ":" + c.get("className").asString());
        }
        assertThat(names).containsExactly("1:scaled-dpo-hinge:" + classes.get(0), "2:scaled-dpo:" + classes.get(1),
                "3:lrml:" + classes.get(2));
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            assertThat(in.getManifest().getMainAttributes().getValue("LossForge-Candidates")).isEqualTo("3");
            assertThat(in.getManifest().getMainAttributes().getValue("LossForge-Loss-Classes"))
                    .isEqualTo(String.join(" ", classes));
        }
    }

    @Test
    void theSameInputsGiveTheSameBytesInAnyTimeZone() throws Exception {
        byte[] first = WRITER.toBytes(List.of(scaledDpo, lrml), ExportFixtures.EXPORTED_AT);
        // compiled again from scratch, written in another time zone
        ExportedLoss again = new LossJarWriter().compile(ExportFixtures.source("ScaledDpo.java"),
                ExportFixtures.info(41, "scaled-dpo"));
        TimeZone zone = TimeZone.getDefault();
        byte[] second;
        try {
            TimeZone.setDefault(TimeZone.getTimeZone(zone.getID().equals("Pacific/Kiritimati") ? "America/Adak"
                    : "Pacific/Kiritimati"));
            second = WRITER.toBytes(List.of(again, lrml), ExportFixtures.EXPORTED_AT);
        } finally {
            TimeZone.setDefault(zone);
        }
        assertThat(second).isEqualTo(first);

        byte[] later = WRITER.toBytes(List.of(scaledDpo, lrml), ExportFixtures.EXPORTED_AT.plusSeconds(1));
        assertThat(later).isNotEqualTo(first);
        assertThat(entries(later).keySet()).containsExactlyElementsOf(entries(first).keySet());
    }

    @Test
    void theSameSourceTwiceOrNothingIsRefused() {
        assertThatThrownBy(() -> WRITER.toBytes(List.of(scaledDpo, scaledDpo), ExportFixtures.EXPORTED_AT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two losses in one JAR define the class " + scaledDpo.className());
        assertThatThrownBy(() -> WRITER.toBytes(List.of(), ExportFixtures.EXPORTED_AT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing to export");
    }

    @Test
    void aSourceTheSandboxRejectsIsRejectedAtItsOwnLine() {
        String broken = "import ai.djl.ndarray.NDArray;\nimport dev.lossforge.loss.*;\n\n"
                + "public class Broken implements PreferenceLoss {\n"
                + "    public NDArray compute(PreferenceBatch batch) {\n"
                + "        return Ops.logRatioDifference(batch).mul(beta);\n"
                + "    }\n}\n";
        assertThatThrownBy(() -> WRITER.compile(broken, CandidateInfo.named("broken")))
                .isInstanceOf(dev.lossforge.sandbox.LossRejectedException.class)
                .satisfies(e -> assertThat(((dev.lossforge.sandbox.LossRejectedException) e).line()).isEqualTo(6));
    }

    @Test
    void downloadFileNamesAreSlugs() {
        assertThat(LossJarWriter.fileName("Scaled DPO (v2)!")).isEqualTo("lossforge-scaled-dpo-v2.jar");
        assertThat(LossJarWriter.fileName("***")).isEqualTo("lossforge-loss.jar");
    }
}
