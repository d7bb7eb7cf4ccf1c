package dev.lossforge.service.worker;

import dev.lossforge.service.job.JobService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * The worker processes this service starts itself (lossforge.workers.local of them): child JVMs
 * running {@code dev.lossforge.cli.Main worker}, restarted when they die. A child watches this
 * process and exits when it is gone, so that even a kill -9 of the service leaves no worker behind.
 */
@Component
public class LocalWorkers {

    private static final Logger log = LoggerFactory.getLogger(LocalWorkers.class);
    private static final String MAIN = "dev.lossforge.cli.Main";
    private static final Duration MAX_RESTART_DELAY = Duration.ofMinutes(1);
    private static final Duration STABLE_UPTIME = Duration.ofSeconds(30);

    private final WorkerProperties properties;
    private final WorkerToken token;
    private final JobService jobs;
    private final WorkerRegistry registry;
    private final Map<Integer, Slot> slots = new ConcurrentHashMap<>();
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-worker-restarts");
        t.setDaemon(true);
        return t;
    });
    private volatile int port;
    private volatile boolean stopping;

    /** One local worker: its current process and how soon to restart it. */
    private static final class Slot {
        final int index;
        volatile Process process;
        volatile String workerId;
        volatile long startedAt;
        volatile Duration delay;

        Slot(int index, Duration delay) {
            this.index = index;
            this.delay = delay;
        }
    }

    public LocalWorkers(WorkerProperties properties, WorkerToken token, JobService jobs, WorkerRegistry registry) {
        this.properties = properties;
        this.token = token;
        this.jobs = jobs;
        this.registry = registry;
    }

    @EventListener
    void onWebServer(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            port = event.getWebServer().getPort();
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        // local workers die with the service that started them: the jobs they held are free now
        for (String stale : registry.localWorkersHoldingJobs()) {
            jobs.releaseWorker(stale, "was a local worker of an earlier run of this service");
        }
        if (properties.local() == 0) {
            log.info("No local workers (lossforge.workers.local = 0): waiting for remote ones");
            return;
        }
        log.info("Starting {} local worker(s): {}", properties.local(), String.join(" ", command(0, "ID")));
        for (int i = 1; i <= properties.local(); i++) {
            Slot slot = new Slot(i, properties.restartDelay());
            slots.put(i, slot);
            launch(slot);
        }
    }

    public boolean isLocal(String workerId) {
        return workerId != null && ids.contains(workerId);
    }

    /** The processes now running, by worker id (tests kill them). */
    public Map<String, Process> processes() {
        Map<String, Process> running = new java.util.LinkedHashMap<>();
        slots.values().forEach(s -> {
            if (s.process != null && s.process.isAlive()) {
                running.put(s.workerId, s.process);
            }
        });
        return running;
    }

    @EventListener(ContextClosedEvent.class)
    void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        restarts.shutdownNow();
        List<Process> running = new ArrayList<>();
        slots.values().forEach(s -> {
            if (s.process != null && s.process.isAlive()) {
                s.process.destroy();
                running.add(s.process);
            }
        });
        for (Process p : running) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    private void launch(Slot slot) {
        if (stopping) {
            return;
        }
        String workerId = "local-" + slot.index + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> command = command(slot.index, workerId);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LOSSFORGE_WORKER_TOKEN", token.value());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            ids.add(workerId);
            slot.process = process;
            slot.workerId = workerId;
            slot.startedAt = System.nanoTime();
            pipe(process, "local-" + slot.index);
            process.onExit().thenAccept(p -> exited(slot, workerId, p));
            log.info("Local worker {} started (pid {})", workerId, process.pid());
        } catch (IOException e) {
            log.error("Cannot start local worker {}: {}", slot.index, e.getMessage());
            scheduleRestart(slot);
        }
    }

    private void exited(Slot slot, String workerId, Process process) {
        if (stopping) {
            return;
        }
        log.warn("Local worker {} (pid {}) exited with status {}; restarting it", workerId, process.pid(),
                process.exitValue());
        try {
            jobs.releaseWorker(workerId, "exited with status " + process.exitValue());
        } catch (RuntimeException e) {
            log.warn("Could not release the jobs of {}: {}", workerId, e.getMessage());
        }
        ids.remove(workerId);
        Duration uptime = Duration.ofNanos(System.nanoTime() - slot.startedAt);
        if (uptime.compareTo(STABLE_UPTIME) >= 0) {
            slot.delay = properties.restartDelay();
        }
        scheduleRestart(slot);
    }

    private void scheduleRestart(Slot slot) {
        if (stopping) {
            return;
        }
        Duration delay = slot.delay;
        slot.delay = delay.multipliedBy(2).compareTo(MAX_RESTART_DELAY) > 0 ? MAX_RESTART_DELAY : delay.multipliedBy(2);
        try {
            restarts.schedule(() -> launch(slot), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    /** The command line of local worker {@code index}. */
    List<String> command(int index, String workerId) {
        List<String> command = new ArrayList<>();
        if (!properties.command().isEmpty()) {
            command.addAll(properties.command());
        } else {
            command.add(javaExecutable());
            // the same ~ as this service (java -Duser.home=... included): the workers' cache and DJL's
            // natives go where the service's data goes, not to the password database's home
            command.add("-Duser.home=" + System.getProperty("user.home"));
            command.addAll(properties.jvmOptions());
            command.add("-Dai.djl.offline=true");
            String classPath = System.getProperty("java.class.path");
            Path bootJar = bootJar(classPath);
            if (bootJar != null) {
                // the service runs from its Spring Boot jar: its nested jars hold the trainer
                command.addAll(List.of("-cp", bootJar.toString(), "-Dloader.main=" + MAIN,
                        "org.springframework.boot.loader.launch.PropertiesLauncher"));
            } else {
                command.addAll(List.of("-cp", classPath, MAIN));
            }
        }
        command.addAll(List.of("worker", "--service", serviceUrl(), "--name", "local-" + index, "--id", workerId,
                "--parent-pid", Long.toString(ProcessHandle.current().pid())));
        if (properties.cacheDir() != null) {
            command.addAll(List.of("--cache-dir", properties.cacheDir().toString()));
        }
        return command;
    }

    private String serviceUrl() {
        return properties.serviceUrl().isEmpty() ? "http://localhost:" + port : properties.serviceUrl();
    }

    private static String javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString()
                : ProcessHandle.current().info().command().orElse("java");
    }

    /** The Spring Boot jar this service runs from, or null when it runs from a plain class path. */
    static Path bootJar(String classPath) {
        if (classPath == null || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return null;
        }
        Path jar = Path.of(classPath).toAbsolutePath();
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry("BOOT-INF/lib/") != null || file.getEntry("BOOT-INF/classes/") != null ? jar : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void pipe(Process process, String name) {
        Logger out = LoggerFactory.getLogger("worker." + name);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    out.info(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "worker-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }
}
