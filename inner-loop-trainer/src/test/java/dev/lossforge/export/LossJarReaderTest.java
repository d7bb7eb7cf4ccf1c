package dev.lossforge.export;

import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.ProbeResult;
import dev.lossforge.sandbox.LossRejectedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LossJarReaderTest {

    static final LossJarWriter WRITER = new LossJarWriter();
    static final LossJarReader READER = new LossJarReader();

    @TempDir
    static Path dir;

    static ExportedLoss scaledDpo;
    static ExportedLoss scaledDpoHinge;
    static ExportedLoss lrml;
    static byte[] single;
    static byte[] several;

    @BeforeAll
    static void export() throws Exception {
        scaledDpo = WRITER.compile(ExportFixtures.source("ScaledDpo.java"), ExportFixtures.info(41, "scaled-dpo"));
        scaledDpoHinge = WRITER.compile(ExportFixtures.source("ScaledDpoHinge.java"),
                ExportFixtures.info(42, "scaled-dpo-hinge"));
        lrml = WRITER.compile(BuiltinLosses.get("lrml").source(), CandidateInfo.named("lrml"));
        single = WRITER.toBytes(List.of(scaledDpo), ExportFixtures.EXPORTED_AT);
        several = WRITER.toBytes(List.of(scaledDpoHinge, scaledDpo, lrml), ExportFixtures.EXPORTED_AT);
    }

    static Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** The JAR with its entries changed by {@code edit} (insertion order kept). */
    static Path edited(String name, byte[] jar, Consumer<Map<String, byte[]>> edit) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(LossJarWriterTest.entries(jar));
        edit.accept(entries);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file(name, out.toByteArray());
    }

    @Test
    void theMetadataComesBackAsItWasWritten() throws Exception {
        LossJar jar = READER.read(file("several.jar", several));
        assertThat(jar.exportedAt()).isEqualTo(ExportFixtures.EXPORTED_AT);
        assertThat(jar.losses()).extracting(JarLoss::rank).containsExactly(1, 2, 3);
        JarLoss second = jar.losses().get(1);
        assertThat(second.info()).isEqualTo(ExportFixtures.info(41, "scaled-dpo"));
        assertThat(second.info().metrics().tasks().get(0).seeds().get(1).metrics().get("heldOutAccuracy")).isNaN();
        assertThat(second.className()).isEqualTo(scaledDpo.className());
        assertThat(second.originalClassName()).isEqualTo("ScaledDpo");
        assertThat(second.source()).isEqualTo(scaledDpo.loss().source());
        assertThat(jar.losses().get(2).info()).isEqualTo(CandidateInfo.named("lrml"));
    }

    @Test
    void aLoadedLossIsTheRecompiledSourceAndComputesWhatTheOriginalComputes() throws Exception {
        LoadedLoss loaded = READER.load(file("single.jar", single), null);
        assertThat(loaded.entry().info().name()).isEqualTo("scaled-dpo");
        assertThat(loaded.validated().needsRewards()).isFalse();
        var loss = loaded.newInstance();
        assertThat(loss.getClass().getName()).isEqualTo(scaledDpo.className());
        // defined by the sandbox's own loader, not by anything that reads the JAR
        assertThat(loss.getClass().getClassLoader()).isNotInstanceOf(java.net.URLClassLoader.class);
        assertThat(loss.getClass().getClassLoader().getName()).isEqualTo("lossforge-sandbox");

        // ScaledDpo is softplus(-1.5·β·ρ): check it against plain doubles
        var batch = ExportFixtures.batch(0.1);
        ProbeResult result = LossProbe.probe(loss, batch);
        for (int i = 0; i < batch.size(); i++) {
            double rho = (batch.policyChosenLogps()[i] - batch.referenceChosenLogps()[i])
                    - (batch.policyRejectedLogps()[i] - batch.referenceRejectedLogps()[i]);
            assertThat(result.losses()[i]).isCloseTo(Math.log1p(Math.exp(-1.5 * 0.1 * rho)), within(1e-12));
        }
    }

    @Test
    void aLossThatNeedsRewardsSaysSo() throws Exception {
        ExportedLoss rewards = WRITER.compile(ExportFixtures.source("NeedsRewards.java"), CandidateInfo.named("r"));
        LoadedLoss loaded = READER.load(file("rewards.jar", WRITER.toBytes(List.of(rewards),
                ExportFixtures.EXPORTED_AT)), null);
        assertThat(loaded.validated().needsRewards()).isTrue();
    }

    @Test
    void aJarWithSeveralLossesPicksOneByNameClassOrRank() throws Exception {
        Path jar = file("pick.jar", several);
        assertThat(READER.load(jar, "lrml").newInstance().getClass().getName()).isEqualTo(lrml.className());
        assertThat(READER.load(jar, "LrmlLoss").entry().info().name()).isEqualTo("lrml");
        assertThat(READER.load(jar, "scaled-dpo-hinge").entry().className()).isEqualTo(scaledDpoHinge.className());
        assertThat(READER.load(jar, scaledDpo.className()).entry().info().name()).isEqualTo("scaled-dpo");
        assertThat(READER.load(jar, "my.losses.ScaledDpo").entry().info().name()).isEqualTo("scaled-dpo-hinge");
        assertThat(READER.load(jar, "2").entry().info().name()).isEqualTo("scaled-dpo");

        assertThatThrownBy(() -> READER.load(jar, null))
                .isInstanceOf(LossJarException.class)
                .hasMessage(jar + " holds 3 losses; pick one with " + jar + "#NAME: 1. scaled-dpo-hinge (ScaledDpo), "
                        + "2. scaled-dpo (ScaledDpo), 3. lrml (LrmlLoss)");
        assertThatThrownBy(() -> READER.load(jar, "ScaledDpo"))
                .isInstanceOf(LossJarException.class)
                .hasMessage(jar + "#ScaledDpo matches 2 losses (scaled-dpo-hinge (ScaledDpo), scaled-dpo (ScaledDpo)); "
                        + "use the full class name or the rank (1-3)");
        assertThatThrownBy(() -> READER.load(jar, "dpo"))
                .isInstanceOf(LossJarException.class)
                .hasMessageStartingWith(jar + " has no loss 'dpo'; it holds: 1. scaled-dpo-hinge");
    }

    @Test
    void aChangedClassIsRefusedEvenWhenItIsValidBytecode() throws Exception {
        // the same class with SCALE = 15 instead of 1.5: it passes the sandbox, but it is not what the source says
        String target = LossJarLayout.classEntry(scaledDpo.className());
        var changed = new dev.lossforge.sandbox.LossCompiler().compile(scaledDpo.loss().source().replace("1.5", "15.0"));
        assertThat(changed.className()).isEqualTo(scaledDpo.className());
        byte[] other = changed.classFiles().get(scaledDpo.className());
        Path jar = edited("changed.jar", single, e -> e.put(target, other));
        assertThatThrownBy(() -> READER.load(jar, null))
                .isInstanceOf(LossJarException.class)
                .hasMessage(jar + ": " + target + " is not what its source compiles to in the sandbox: the JAR was "
                        + "changed after export, or written by another LossForge version (export it again)");
    }

    @Test
    void aClassNoSourceCompilesToIsRefused() throws Exception {
        Path jar = edited("extra.jar", single, e -> e.put("Evil.class", new byte[] {(byte) 0xCA, (byte) 0xFE}));
        assertThatThrownBy(() -> READER.verify(jar))
                .isInstanceOf(LossJarException.class)
                .hasMessage(jar + " holds Evil.class, which no source in it compiles to: refusing a JAR with classes "
                        + "that did not come from the sandbox");
    }

    @Test
    void aChangedSourceOrAnyOtherEntryIsRefused() throws Exception {
        String source = LossJarLayout.sourceEntry(scaledDpo.className());
        Path changedSource = edited("source.jar", single, e -> e.put(source,
                scaledDpo.loss().source().replace("1.5", "2.5").getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> READER.read(changedSource))
                .isInstanceOf(LossJarException.class)
                .hasMessageContaining(source + " does not have the SHA-256 its index records");

        Path multiRelease = edited("versions.jar", single, e -> e.put("META-INF/versions/17/"
                + LossJarLayout.classEntry(scaledDpo.className()), new byte[] {1}));
        assertThatThrownBy(() -> READER.read(multiRelease))
                .isInstanceOf(LossJarException.class)
                .hasMessageContaining("holds an unexpected entry META-INF/versions/17/");

        Path classPath = edited("classpath.jar", single, e -> e.put("META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\r\nLossForge-Export-Format: 1\r\nClass-Path: other.jar\r\n\r\n"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> READER.read(classPath))
                .isInstanceOf(LossJarException.class)
                .hasMessageContaining("its manifest has a Class-Path");

        Path services = edited("services.jar", single, e -> e.put(LossJarLayout.SERVICES,
                "java.lang.Object\n".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> READER.read(services))
                .isInstanceOf(LossJarException.class)
                .hasMessage(services + ": " + LossJarLayout.SERVICES + " lists [java.lang.Object] but the index lists ["
                        + scaledDpo.className() + "]");
    }

    @Test
    void aHostileSourceIsRefusedByTheSandboxWhateverItsClassesAre(@TempDir Path work) throws Exception {
        // javac compiles what the sandbox refuses; the JAR carries javac's class and a consistent index
        String pkg = "lossforge.export.c0000000000000000";
        String source = "package " + pkg + "; import ai.djl.ndarray.NDArray; import dev.lossforge.loss.*;\n"
                + "public class Exit implements PreferenceLoss {\n"
                + "    public NDArray compute(PreferenceBatch batch) {\n"
                + "        System.exit(3);\n"
                + "        return Ops.logRatioDifference(batch);\n"
                + "    }\n}\n";
        Path src = Files.createDirectories(work.resolve("src")).resolve("Exit.java");
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", work.resolve("classes").toString(), "-cp",
                System.getProperty("java.class.path"), src.toString());
        assertThat(status).isZero();
        byte[] exitClass = Files.readAllBytes(work.resolve("classes/" + pkg.replace('.', '/') + "/Exit.class"));

        String className = pkg + ".Exit";
        String index = "{\"format\":\"lossforge-candidate/1\",\"exportedAt\":\"2026-11-22T09:30:00Z\","
                + "\"className\":\"" + className + "\",\"source\":\"" + LossJarLayout.sourceEntry(className)
                + "\",\"name\":\"innocent\"}";
        Path jar = edited("hostile.jar", single, e -> {
            e.clear();
            e.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nLossForge-Export-Format: 1\r\n\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            e.put(LossJarLayout.SERVICES, className.getBytes(StandardCharsets.UTF_8));
            e.put(LossJarLayout.CANDIDATE_JSON, index.getBytes(StandardCharsets.UTF_8));
            e.put(LossJarLayout.sourceEntry(className), source.getBytes(StandardCharsets.UTF_8));
            e.put(LossJarLayout.classEntry(className), exitClass);
        });
        assertThat(READER.read(jar).losses()).extracting(JarLoss::className).containsExactly(className);
        assertThatThrownBy(() -> READER.load(jar, null))
                .isInstanceOfSatisfying(LossRejectedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LossRejectedException.Kind.FORBIDDEN);
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.getMessage()).contains("the source of innocent (Exit) in the JAR: ")
                            .contains("System");
                });
    }

    @Test
    void filesThatAreNotLossForgeExportsAreNamedAsSuch() throws Exception {
        Path text = file("notes.jar", "hello".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> READER.read(text)).isInstanceOf(LossJarException.class)
                .hasMessageStartingWith(text + " is not a JAR (");
        Path plain = edited("plain.jar", single, e -> e.remove("META-INF/MANIFEST.MF"));
        assertThatThrownBy(() -> READER.read(plain)).isInstanceOf(LossJarException.class)
                .hasMessage(plain + " is not a LossForge export (it has no manifest)");
        Path otherManifest = edited("other.jar", single, e -> e.put("META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\r\nMain-Class: a.B\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> READER.read(otherManifest)).isInstanceOf(LossJarException.class)
                .hasMessage(otherManifest + " is not a LossForge export (its manifest has no LossForge-Export-Format)");
        assertThatThrownBy(() -> READER.read(dir.resolve("missing.jar"))).isInstanceOf(LossJarException.class)
                .hasMessage("loss JAR not found: " + dir.resolve("missing.jar"));
        Path badJson = edited("json.jar", single, e -> e.put(LossJarLayout.CANDIDATE_JSON,
                "{\"format\": ".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> READER.read(badJson)).isInstanceOf(LossJarException.class)
                .hasMessageStartingWith(badJson + ": META-INF/lossforge/candidate.json is not valid JSON");
    }
}
