package dev.lossforge.export;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.BuiltinLoss;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.sandbox.LossCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An exported JAR used outside this JVM, as users use it: a plain DJL program compiled against
 * the shaded trainer jar loads the losses through ServiceLoader in a child JVM, and the trainer's
 * own command line loads it with {@code --loss export.jar#NAME} (recompiling the sources in
 * another process, so Janino's output must be the same there byte for byte).
 */
class ExportJarIT {

    @TempDir
    static Path dir;
    static Path trainerJar;
    static Path exportJar;
    static Path demoClasses;
    static final Map<String, PreferenceLoss> ORIGINALS = new LinkedHashMap<>();
    static final BatchValues BATCH = batchWithoutOptionalInputs(ExportFixtures.batch(0.1));

    @BeforeAll
    static void exportAndCompileTheDemo() throws Exception {
        trainerJar = Path.of(System.getProperty("lossforge.trainerJar", "target/inner-loop-trainer.jar"));
        assertThat(trainerJar).as("the shaded jar (built by mvn package)").isRegularFile();

        LossJarWriter writer = new LossJarWriter();
        List<ExportedLoss> losses = new ArrayList<>();
        for (String file : List.of("ScaledDpo.java", "ScaledDpoHinge.java")) {
            String source = ExportFixtures.source(file);
            ExportedLoss loss = writer.compile(source, CandidateInfo.named(file.replace(".java", "")));
            losses.add(loss);
            ORIGINALS.put(loss.className(), new LossCompiler().compile(source).newInstance());
        }
        for (String name : List.of("lrml", "aqfl")) {
            BuiltinLoss builtin = BuiltinLosses.get(name);
            ExportedLoss loss = writer.compile(builtin.source(), CandidateInfo.named(name));
            losses.add(loss);
            ORIGINALS.put(loss.className(), builtin.newInstance());
        }
        exportJar = Files.write(dir.resolve("export.jar"), writer.toBytes(losses, ExportFixtures.EXPORTED_AT));

        Path source = Files.createDirectories(dir.resolve("demo-src")).resolve("ServiceLoaderDemo.java");
        try (InputStream in = ExportJarIT.class.getResourceAsStream("/export/ServiceLoaderDemo.java")) {
            Files.copy(in, source);
        }
        demoClasses = Files.createDirectories(dir.resolve("demo-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        // against the shaded jar only, as a user who has nothing else
        int status = javac.run(null, null, null, "-cp", trainerJar.toString(), "-d", demoClasses.toString(),
                source.toString());
        assertThat(status).as("javac ServiceLoaderDemo.java").isZero();
    }

    /** The batch the demo program builds: no soft labels, no reward scores. */
    private static BatchValues batchWithoutOptionalInputs(BatchValues b) {
        return new BatchValues(b.policyChosenLogps(), b.policyRejectedLogps(), b.referenceChosenLogps(),
                b.referenceRejectedLogps(), b.chosenLengths(), b.rejectedLengths(), null, null, null, b.beta());
    }

    record Result(int exit, String out, String err) {
    }

    private static Result java(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Dai.djl.offline=true");
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        // the natives are extracted from the trainer jar on first use; share the user's cache
        builder.environment().putIfAbsent("DJL_CACHE_DIR",
                Path.of(System.getProperty("user.home"), ".djl.ai").toString());
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish in 180 s: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String csv(double[] values) {
        return Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(","));
    }

    private static List<String> batchArguments() {
        return List.of(Double.toString(BATCH.beta()), csv(BATCH.policyChosenLogps()), csv(BATCH.policyRejectedLogps()),
                csv(BATCH.referenceChosenLogps()), csv(BATCH.referenceRejectedLogps()), csv(BATCH.chosenLengths()),
                csv(BATCH.rejectedLengths()));
    }

    /** Checks the demo's lines: every exported loss once, in services order, with the original's values. */
    private static void assertSameAsOriginals(Result result) {
        assertThat(result.exit()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(ORIGINALS.size());
        int k = 0;
        for (Map.Entry<String, PreferenceLoss> original : ORIGINALS.entrySet()) {
            String[] fields = lines.get(k++).split(" ");
            assertThat(fields[0]).isEqualTo(original.getKey());
            double[] expected = LossProbe.probe(original.getValue(), BATCH).losses();
            assertThat(fields).hasSize(1 + expected.length);
            for (int i = 0; i < expected.length; i++) {
                assertThat(Double.parseDouble(fields[i + 1])).as(fields[0] + " pair " + i)
                        .isCloseTo(expected[i], within(1e-12));
            }
        }
    }

    @Test
    void aPlainDjlProgramWithBothJarsOnItsClassPathLoadsTheLossesThroughServiceLoader() throws Exception {
        String classPath = String.join(File.pathSeparator, trainerJar.toString(), exportJar.toString(),
                demoClasses.toString());
        List<String> arguments = new ArrayList<>(List.of("-cp", classPath, "ServiceLoaderDemo"));
        arguments.addAll(batchArguments());
        assertSameAsOriginals(java(arguments));
    }

    @Test
    void aPlainDjlProgramLoadsTheLossesFromTheJarThroughItsOwnUrlClassLoader() throws Exception {
        String classPath = String.join(File.pathSeparator, trainerJar.toString(), demoClasses.toString());
        List<String> arguments = new ArrayList<>(List.of("-cp", classPath, "ServiceLoaderDemo", "--jar",
                exportJar.toString()));
        arguments.addAll(batchArguments());
        assertSameAsOriginals(java(arguments));
    }

    @Test
    void theTrainerCommandLineRecompilesAndVerifiesTheJarInAnotherJvm() throws Exception {
        ObjectNode input = JsonMapper.builder().build().createObjectNode();
        for (Map.Entry<String, double[]> e : Map.of("policyChosenLogps", BATCH.policyChosenLogps(),
                "policyRejectedLogps", BATCH.policyRejectedLogps(), "referenceChosenLogps",
                BATCH.referenceChosenLogps(), "referenceRejectedLogps", BATCH.referenceRejectedLogps(),
                "chosenLengths", BATCH.chosenLengths(), "rejectedLengths", BATCH.rejectedLengths()).entrySet()) {
            var array = input.putArray(e.getKey());
            Arrays.stream(e.getValue()).forEach(array::add);
        }
        Path batchFile = Files.writeString(dir.resolve("batch.json"), input.toString());

        Result eval = java(List.of("-jar", trainerJar.toString(), "loss-eval", "--loss", exportJar + "#ScaledDpoHinge",
                "--beta", "0.1", "--input", batchFile.toString()));
        assertThat(eval.exit()).as(eval.err()).isZero();
        JsonNode losses = JsonMapper.builder().build().readTree(eval.out()).get("losses");
        String hingeClass = ORIGINALS.keySet().stream().toList().get(1);
        double[] expected = LossProbe.probe(ORIGINALS.get(hingeClass), BATCH).losses();
        for (int i = 0; i < expected.length; i++) {
            assertThat(losses.get(i).asDouble()).isCloseTo(expected[i], within(1e-12));
        }

        Result several = java(List.of("-jar", trainerJar.toString(), "loss-curve", "--loss", exportJar.toString(),
                "--beta", "0.1"));
        assertThat(several.exit()).isEqualTo(2);
        assertThat(several.out()).isEmpty();
        assertThat(several.err().strip()).isEqualTo("error: " + exportJar + " holds 4 losses; pick one with "
                + exportJar + "#NAME: 1. ScaledDpo (ScaledDpo), 2. ScaledDpoHinge (ScaledDpo), 3. lrml (LrmlLoss), "
                + "4. aqfl (AqflLoss)");
    }
}
