package dev.lossforge.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** One in-process run of the command line. */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A caller's mistake: exit 2, nothing on stdout, one line on stderr, no stack trace. */
    CliRun assertOneLineError(String... fragments) {
        assertThat(exit).as("exit status; stderr: " + err).isEqualTo(2);
        assertThat(out).as("stdout").isEmpty();
        assertThat(err.strip().lines().count()).as("stderr lines: " + err).isEqualTo(1);
        assertThat(err).startsWith("error: ").doesNotContain("Exception").doesNotContain("\tat ");
        for (String fragment : fragments) {
            assertThat(err).contains(fragment);
        }
        return this;
    }
}
