package dev.lossforge.bench;

import dev.lossforge.cli.Args;
import dev.lossforge.cli.CliException;
import dev.lossforge.cli.LossArgument;
import dev.lossforge.task.InvalidTaskException;
import dev.lossforge.task.ResolvedTask;
import dev.lossforge.task.SeedResult;
import dev.lossforge.task.TaskRegistry;
import dev.lossforge.task.TaskRun;
import dev.lossforge.train.Progress;
import dev.lossforge.train.TrainingListener;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench bandit}: wall time of one candidate on one seed of the bandit task (data,
 * reference, training, every evaluation: what a worker spends per job), and the trainer's
 * throughput in optimizer steps per second, over several runs after a warm-up run. Seeds cycle
 * through 42, 13, 3407.
 */
final class BanditBench implements BenchTarget {

    private static final long[] SEEDS = {42, 13, 3407};

    @Override
    public String name() {
        return "bandit";
    }

    @Override
    public String summary() {
        return "wall time per seed of the bandit task and trainer steps/s (--runs, --variant, --loss, --set key=value)";
    }

    @Override
    public Set<String> options() {
        return Set.of("runs", "warmup", "variant", "loss", "set");
    }

    @Override
    public void run(Args args, PrintStream out) {
        int runs = (int) args.longValue("runs", 9);
        int warmup = (int) args.longValue("warmup", 1);
        if (runs < 1 || warmup < 0) {
            throw new CliException("--runs must be at least 1 and --warmup at least 0");
        }
        String variant = args.optional("variant", "clean");
        LossArgument loss = LossArgument.resolve(args.optional("loss", "dpo"));
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String set : args.all("set")) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new CliException("option --set needs key=value, got '" + set + "'");
            }
            overrides.put(set.substring(0, eq).trim(), set.substring(eq + 1));
        }
        ResolvedTask task;
        try {
            task = TaskRegistry.resolve("bandit:" + variant, overrides);
        } catch (InvalidTaskException e) {
            throw new CliException(e.getMessage());
        }
        String threads = System.getProperty("ai.djl.pytorch.num_threads", "libtorch default (one per core)");
        out.printf(Locale.ROOT, "bandit benchmark: %s on %s, %d runs after %d warm-up, %s, %d cpus, libtorch threads: %s%n",
                loss.label(), task.spec(), runs, warmup, Runtime.version(), Runtime.getRuntime().availableProcessors(),
                threads);
        out.printf(Locale.ROOT, "settings: %s%n", task.config().asMap());

        double[] wall = new double[runs];
        double[] stepsPerSecond = new double[runs];
        double[] fitness = new double[runs];
        for (int i = -warmup; i < runs; i++) {
            long seed = SEEDS[Math.floorMod(i, SEEDS.length)];
            double[] lastRate = {Double.NaN};
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onProgress(Progress p) {
                    if (p.step() == p.totalSteps()) {
                        lastRate[0] = p.stepsPerSecond();
                    }
                }
            };
            SeedResult result = task.task().run(new TaskRun(task.variant(), task.config(), loss.loss(), seed, listener, null));
            if (i >= 0) {
                wall[i] = result.wallSeconds();
                stepsPerSecond[i] = lastRate[0];
                fitness[i] = result.fitness();
                out.printf(Locale.ROOT, "run %d seed %d: %s, %.3f s, %.1f steps/s, %s = %.4f%n", i + 1, seed,
                        result.status(), result.wallSeconds(), lastRate[0], task.task().primaryMetric(), result.fitness());
            }
        }
        row(out, "wall per seed (s)", wall);
        row(out, "trainer steps/s", stepsPerSecond);
        out.printf(Locale.ROOT, "fitness by seed: %s%n", fitnessBySeed(fitness, runs));
    }

    private static String fitnessBySeed(double[] fitness, int runs) {
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < Math.min(runs, SEEDS.length); s++) {
            text.append(s == 0 ? "" : ", ").append(SEEDS[s]).append(String.format(Locale.ROOT, " %.4f", fitness[s]));
        }
        return text.toString();
    }

    private static void row(PrintStream out, String label, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        out.printf(Locale.ROOT, "%-20s median %8.3f   min %8.3f   max %8.3f   (%d runs)%n", label,
                SandboxBench.percentile(sorted, 0.5), sorted[0], sorted[sorted.length - 1], sorted.length);
    }
}
