package dev.lossforge.train;

import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.task.ResolvedTask;
import dev.lossforge.task.RunStatus;
import dev.lossforge.task.SeedResult;
import dev.lossforge.task.TaskRegistry;
import dev.lossforge.task.TaskRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs short bandit jobs one after another in this JVM and prints the resident set after each:
 * {@code job N rss KIB}. {@link NativeMemoryTest} starts it in a JVM of its own.
 */
public final class LeakProbe {

    static final PreferenceLoss DPO = b -> Ops.logSigmoid(Ops.logRatioDifference(b).mul(b.beta())).neg();

    /** 1 + 19 x 2,048 + 2,048 + 2,048 + 19 = 43,028 parameters: 168 KiB per float32 copy. */
    static final Map<String, String> JOB = Map.of(
            "contexts", "16", "evalContexts", "16", "hiddenUnits", "2048", "steps", "4", "batchSize", "16",
            "evalEvery", "0");

    private LeakProbe() {
    }

    public static void main(String[] args) throws IOException {
        int jobs = Integer.parseInt(args[0]);
        ResolvedTask task = TaskRegistry.resolve("bandit:clean", JOB);
        for (int job = 0; job < jobs; job++) {
            SeedResult result = task.task().run(new TaskRun(task.variant(), task.config(), DPO, job,
                    TrainingListener.NONE, null));
            if (result.status() != RunStatus.COMPLETED) {
                throw new IllegalStateException("job " + job + " ended " + result.status() + ": " + result.message());
            }
            System.out.println("job " + job + " rss " + residentKib());
        }
    }

    static long residentKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
