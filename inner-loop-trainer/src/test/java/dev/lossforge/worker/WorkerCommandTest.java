package dev.lossforge.worker;

import dev.lossforge.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class WorkerCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theServiceIsRequired() {
        assertThat(run("worker", "--token", "t")).isEqualTo(2);
        assertThat(err()).isEqualTo("error: missing option --service" + System.lineSeparator());
    }

    @Test
    void theServiceMustBeAnHttpUrl() {
        assertThat(run("worker", "--service", "localhost:8080", "--token", "t")).isEqualTo(2);
        assertThat(err()).contains("option --service must be an http(s) URL");
    }

    @Test
    void theTokenIsRequiredWhenTheEnvironmentHasNone() {
        assumeTrue(System.getenv("LOSSFORGE_WORKER_TOKEN") == null);
        assertThat(run("worker", "--service", "http://localhost:8080")).isEqualTo(2);
        assertThat(err()).contains("missing option --token (or the environment variable LOSSFORGE_WORKER_TOKEN)");
    }

    @Test
    void unknownOptionsAndBadNumbersAreNamed() {
        assertThat(run("worker", "--service", "http://localhost:8080", "--token", "t", "--threads", "4")).isEqualTo(2);
        assertThat(err()).contains("unknown option --threads");
        err.reset();
        assertThat(run("worker", "--service", "http://localhost:8080", "--token", "t", "--wait-seconds", "999"))
                .isEqualTo(2);
        assertThat(err()).contains("option --wait-seconds must be 0..300, got 999");
    }

    @Test
    void theUsageListsTheWorkerCommand() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("worker").contains("--service URL --token T");
    }
}
