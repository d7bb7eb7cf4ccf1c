package dev.lossforge.service.worker;

import dev.lossforge.service.LossForgeApplication;
import dev.lossforge.service.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker started by hand (the {@code worker} command, as on a remote machine) before its
 * service is up retries with back-off until the service answers; with the wrong token it is then
 * refused and exits with status 2.
 */
class RemoteWorkerTest {

    @Test
    void aWorkerWaitsForItsServiceThenStopsWhenTheTokenIsWrong() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                "dev.lossforge.cli.Main", "worker", "--service", "http://localhost:" + port, "--token", "wrong-token",
                "--name", "remote-test", "--wait-seconds", "1"));
        Process worker = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = pipe(worker.getInputStream(), output);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> text(output).contains("cannot lease a job"));
            assertThat(worker.isAlive()).isTrue();

            TestDatabase.Coordinates db = TestDatabase.fresh();
            try (ConfigurableApplicationContext service = new SpringApplicationBuilder(LossForgeApplication.class)
                    // command-line arguments: they outrank application.yaml, default properties do not
                    .run("--server.port=" + port, "--lossforge.database.url=" + db.url(),
                            "--lossforge.database.username=" + db.username(),
                            "--lossforge.database.password=" + db.password(),
                            "--lossforge.workers.local=0", "--lossforge.workers.token=right-token")) {
                assertThat(worker.waitFor(90, TimeUnit.SECONDS)).as(() -> text(output)).isTrue();
            }
            reader.join(5000);
            assertThat(worker.exitValue()).isEqualTo(2);
            assertThat(text(output)).contains("retrying with back-off")
                    .contains("the service refused this worker: HTTP 401").contains("wrong worker token");
        } finally {
            worker.destroyForcibly();
        }
    }

    private static Thread pipe(InputStream in, ByteArrayOutputStream out) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (out) {
                        out.write(buffer, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
