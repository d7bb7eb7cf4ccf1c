package dev.lossforge.bench;

import dev.lossforge.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void benchSandboxPrintsColdAndWarmFigures() {
        int status = run("bench", "sandbox", "--iterations", "3", "--warmup", "1");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).contains("cold  compile + validate", "warm  compile + validate (wall)",
                "warm  javac compile (javax.tools)", "constants {EPSILON=0.1, MARGIN=0.05}");
        assertThat(text).containsPattern("warm  Janino compile \\(sandbox\\) +median +\\d+\\.\\d\\d ms");
    }

    @Test
    void anUnknownTargetIsAOneLineError() {
        int status = run("bench", "nothing");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).trim())
                .isEqualTo("error: unknown bench target 'nothing' (targets: sandbox, bandit, lm-flops, lm-task)");
    }

    @Test
    void aMissingTargetOrBadOptionIsAOneLineError() {
        assertThat(run("bench")).isEqualTo(2);
        assertThat(run("bench", "sandbox", "--iterations", "many")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(2)
                .allSatisfy(line -> assertThat(line).startsWith("error: "));
    }

    @Test
    void findsTheClassNameOfTheSource() {
        assertThat(SandboxBench.className(SandboxBench.TYPICAL_LOSS)).isEqualTo("lossforge.bench.TypicalLoss");
        assertThat(SandboxBench.percentile(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2.5);
    }
}
