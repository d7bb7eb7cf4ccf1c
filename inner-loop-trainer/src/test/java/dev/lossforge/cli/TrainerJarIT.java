package dev.lossforge.cli;

import dev.lossforge.loss.BuiltinLoss;
import dev.lossforge.loss.BuiltinLosses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The packaged jar, run as a user runs it: {@code java -jar target/inner-loop-trainer.jar ...}
 * in a child JVM, with an empty DJL cache, so PyTorch's natives must come out of the jar itself.
 */
class TrainerJarIT {

    @TempDir
    static Path djlCache;

    static Path jar;

    @BeforeAll
    static void findTheJar() {
        jar = Path.of(System.getProperty("lossforge.trainerJar", "target/inner-loop-trainer.jar"));
        assertThat(jar).as("the shaded jar (built by mvn package)").isRegularFile();
    }

    record Result(int exit, String out, String err) {
    }

    private static Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DJL_CACHE_DIR", djlCache.toString());
        Path out = Files.createTempFile(djlCache, "out", ".txt");
        Path err = Files.createTempFile(djlCache, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("java -jar " + String.join(" ", args) + " did not finish in 180 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void listsTheLossesAndComputesACurveWithTheNativesInsideTheJar() throws Exception {
        Result losses = java("losses");
        assertThat(losses.exit()).as(losses.err()).isZero();
        List<String> lines = losses.out().lines().toList();
        assertThat(lines).hasSize(25);
        assertThat(lines.get(0)).startsWith("dpo ");
        assertThat(lines.get(24)).startsWith("dbaql ");

        Result curve = java("loss-curve", "--loss", "dpo", "--beta", "0.1");
        assertThat(curve.exit()).as(curve.err()).isZero();
        JsonNode points = JsonMapper.builder().build().readTree(curve.out()).get("points");
        assertThat(points.size()).isEqualTo(201);
        // ℓ(βρ) = log(1 + e^(−0.1ρ)): log(1 + e) at ρ = −10, log 2 at 0; slope −0.1·σ(−0.1ρ)
        assertThat(points.get(0).get("rho").asDouble()).isEqualTo(-10.0);
        assertThat(points.get(0).get("loss").asDouble()).isCloseTo(Math.log1p(Math.E), within(1e-12));
        assertThat(points.get(100).get("loss").asDouble()).isCloseTo(Math.log(2), within(1e-12));
        assertThat(points.get(100).get("dLossDRho").asDouble()).isCloseTo(-0.05, within(1e-12));

        // the natives were unpacked from the jar into the empty cache
        try (Stream<Path> files = Files.walk(djlCache)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("libtorch_cpu.so");
        }

        // the built-in losses' sources ship in the jar, for the service to store as candidates' code
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            for (BuiltinLoss loss : BuiltinLosses.all()) {
                assertThat(jarFile.getEntry(loss.sourceResource())).as(loss.sourceResource()).isNotNull();
            }
        }

        Result bad = java("loss-curve", "--loss", "ddo-rm", "--beta", "0.1");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err().strip()).startsWith("error: ").contains("reward").doesNotContain("\n");
    }

    @Test
    void evaluatesALossOnTheBanditTaskFromTheJar() throws Exception {
        Result run = java("evaluate", "--task", "bandit:clean", "--loss", "dpo", "--seeds", "42",
                "--set", "contexts=48", "--set", "evalContexts=64", "--set", "steps=60", "--set", "evalEvery=30");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode doc = JsonMapper.builder().build().readTree(run.out());
        JsonNode seed = doc.get("seeds").get(0);
        assertThat(seed.get("status").asString()).isEqualTo("COMPLETED");
        // the policy starts as the reference: the first DPO loss is -log sigma(0) = log 2
        assertThat(seed.get("trainingCurve").get(0).get("loss").asDouble()).isCloseTo(Math.log(2), within(1e-6));
        assertThat(seed.get("fitness").asDouble()).isPositive();
        assertThat(run.err()).contains("seed 42: train step 60/60");
    }
}
