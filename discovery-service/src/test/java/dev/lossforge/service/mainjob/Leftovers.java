package dev.lossforge.service.mainjob;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Processes a test may leave behind. The embedded PostgreSQL is a daemon (pg_ctl detaches it),
 * and the workers of a killed service are orphans, so neither is a descendant of the test JVM
 * once its service is gone: they are found by the test's own directory on their command line
 * ({@code postgres -D HOME/.lossforge/pgdata}, {@code java -Duser.home=HOME ...}).
 */
final class Leftovers {

    private Leftovers() {
    }

    /** Live processes that are descendants of this JVM, or whose command line names {@code dir}. */
    static List<ProcessHandle> of(Path dir) {
        String needle = dir.toAbsolutePath().toString();
        Set<ProcessHandle> found = new LinkedHashSet<>(ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive).toList());
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(needle)).orElse(false))
                .forEach(p -> {
                    found.add(p);
                    p.descendants().forEach(found::add);
                });
        return found.stream().filter(ProcessHandle::isAlive).toList();
    }

    static String describe(List<ProcessHandle> processes) {
        return processes.stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    /** Ends what a failed test left: SIGTERM (PostgreSQL stops cleanly), then SIGKILL. */
    static void end(Path dir) {
        List<ProcessHandle> left = new ArrayList<>(of(dir));
        left.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        for (ProcessHandle p : left) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }
}
