package dev.lossforge.service.mainjob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * {@code discovery-service.jar} run as a child process, as a person runs it: {@code java -jar},
 * on a home directory of its own ({@code HOME} and {@code user.home}), with none of the
 * environment's LossForge, Spring or LLM settings. Its output goes to a log file that failure
 * messages quote.
 */
final class ServiceProcess implements AutoCloseable {

    /** Generous: a first start creates the database cluster, and CI machines are busy. */
    static final Duration START_LIMIT = Duration.ofMinutes(3);
    private static final Duration STOP_LIMIT = Duration.ofMinutes(2);

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The repository's root: where the README's commands run. */
    static Path repositoryRoot() {
        return Path.of(System.getProperty("lossforge.repositoryRoot", "..")).toAbsolutePath().normalize();
    }

    /** The jar under test (set by the failsafe configuration). */
    static Path serviceJar() {
        return Path.of(System.getProperty("lossforge.serviceJar", "target/discovery-service.jar"))
                .toAbsolutePath().normalize();
    }

    /** Where service logs are kept after the test (target/it-logs). */
    static Path logFile(String name) {
        Path dir = Path.of(System.getProperty("lossforge.itLogs", "target/it-logs"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve(name + ".log").toAbsolutePath();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code java [jvmOptions] -jar jar args} in the repository root.
     *
     * @param home       HOME and user.home of the service
     * @param jar        the jar as the command names it (relative to the repository root, or absolute)
     * @param extraEnv   environment variables to add
     */
    static ServiceProcess start(Path home, String jar, int port, List<String> jvmOptions, List<String> args,
                                Map<String, String> extraEnv, String logName) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Java takes user.home from the password database, not from HOME: both point at the fresh home
        command.add("-Duser.home=" + home);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar);
        command.add("--server.port=" + port);
        command.addAll(args);
        Path log = logFile(logName);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(repositoryRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(ServiceProcess::configures);
        env.put("HOME", home.toString());
        env.putAll(extraEnv);
        try {
            Files.createDirectories(home);
            Process process = builder.start();
            process.getOutputStream().close();
            return new ServiceProcess(process, log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Settings the machine running the tests may have that a fresh machine has not. */
    private static boolean configures(String name) {
        String n = name.toUpperCase();
        return n.startsWith("LOSSFORGE_") || n.startsWith("SPRING_") || n.startsWith("SERVER_")
                || n.startsWith("MANAGEMENT_") || n.startsWith("OPENAI_") || n.startsWith("ANTHROPIC_")
                || n.startsWith("OLLAMA_") || n.equals("JAVA_TOOL_OPTIONS") || n.equals("JDK_JAVA_OPTIONS")
                || n.equals("DJL_CACHE_DIR") || n.equals("ENGINE_CACHE_DIR");
    }

    /** Waits until /actuator/health says UP; fails at once, with the log, if the process dies first. */
    ServiceProcess awaitReady() {
        await("the service on port " + port + " to report UP").atMost(START_LIMIT)
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("the service exited with status " + process.exitValue()
                                + " before it was ready:\n" + logTail());
                    }
                    try {
                        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + port + "/actuator/health"))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                        return health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"");
                    } catch (ConnectException e) {
                        return false;
                    } catch (IOException e) {
                        return false;
                    }
                });
        return this;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** The processes this one started that are still its descendants (local workers). */
    List<ProcessHandle> descendants() {
        return process.descendants().filter(ProcessHandle::isAlive).toList();
    }

    /** The local trainer workers among them. */
    List<ProcessHandle> workerProcesses() {
        return descendants().stream()
                .filter(p -> p.info().commandLine().map(c -> c.contains(" worker --service ")).orElse(false))
                .toList();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            throw new AssertionError("the service did not die of SIGKILL within a minute");
        }
    }

    /** SIGTERM, as Ctrl-C or a service manager stops it; returns its exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the service did not stop within " + STOP_LIMIT + " of SIGTERM:\n" + logTail());
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    String logTail() {
        String text = log();
        return "--- " + log + " (last 6000 characters) ---\n"
                + (text.length() > 6000 ? text.substring(text.length() - 6000) : text);
    }

    /** Forcibly, for the end of a test that failed half-way. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
