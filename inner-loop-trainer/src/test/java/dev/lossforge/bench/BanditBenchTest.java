package dev.lossforge.bench;

import dev.lossforge.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BanditBenchTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void reportsWallTimePerSeedAndThroughput() {
        int status = run("bench", "bandit", "--runs", "2", "--warmup", "0", "--set", "steps=20",
                "--set", "contexts=32", "--set", "evalContexts=32");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).contains("bandit benchmark: dpo on bandit:clean, 2 runs after 0 warm-up");
        assertThat(text).containsPattern("run 1 seed 42: COMPLETED, \\d+\\.\\d{3} s, \\d+\\.\\d steps/s");
        assertThat(text).containsPattern("run 2 seed 13: COMPLETED");
        assertThat(text).containsPattern("wall per seed \\(s\\) +median +\\d+\\.\\d{3} +min");
        assertThat(text).containsPattern("trainer steps/s +median +\\d+\\.\\d{3}");
        assertThat(text).contains("fitness by seed: 42 ", ", 13 ");
    }

    @Test
    void badSettingsAreOneLineErrors() {
        assertThat(run("bench", "bandit", "--set", "steps=-1")).isEqualTo(2);
        assertThat(run("bench", "bandit", "--variant", "noisy-99")).isEqualTo(2);
        assertThat(run("bench", "bandit", "--runs", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith("error: "));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
