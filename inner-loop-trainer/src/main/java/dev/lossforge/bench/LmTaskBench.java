package dev.lossforge.bench;

import dev.lossforge.cli.Args;
import dev.lossforge.cli.CliException;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.task.InvalidTaskException;
import dev.lossforge.task.ResolvedTask;
import dev.lossforge.task.SeedResult;
import dev.lossforge.task.TaskRegistry;
import dev.lossforge.task.TaskRun;
import dev.lossforge.task.cache.CacheLocation;
import dev.lossforge.train.Progress;
import dev.lossforge.train.TrainingListener;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench lm-task}: wall time per candidate per seed of an LM task with DPO, the reference
 * already cached (the first run builds or loads it and is reported apart), as the median of
 * several runs, split into setup (data, pairs, reference log-probabilities, the step-0
 * evaluation), preference training and the final evaluation; and the trainer's steps/s.
 */
final class LmTaskBench implements BenchTarget {

    @Override
    public String name() {
        return "lm-task";
    }

    @Override
    public String summary() {
        return "wall time per candidate per seed of an LM task at its defaults (--task, --seed, --runs, --set, --cache)";
    }

    @Override
    public Set<String> options() {
        return Set.of("task", "seed", "runs", "set", "cache");
    }

    @Override
    public void run(Args args, PrintStream out) {
        String spec = args.optional("task", "tinylm-sentiment");
        long seed = args.longValue("seed", 42);
        int runs = (int) args.longValue("runs", 3);
        if (runs < 1) {
            throw new CliException("--runs must be at least 1");
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String setting : args.all("set")) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new CliException("--set takes key=value, got '" + setting + "'");
            }
            overrides.put(setting.substring(0, eq), setting.substring(eq + 1));
        }
        ResolvedTask task;
        try {
            task = TaskRegistry.resolve(spec, overrides);
        } catch (InvalidTaskException e) {
            throw new CliException(e.getMessage());
        }
        Path cache = Path.of(args.optional("cache", CacheLocation.defaultDirectory().toString()));
        out.printf(Locale.ROOT, "lm-task %s seed %d, loss dpo, %d cpus, %s libtorch threads, cache %s%n", task.spec(), seed,
                Runtime.getRuntime().availableProcessors(), System.getProperty("ai.djl.pytorch.num_threads", "default"), cache);
        out.printf(Locale.ROOT, "settings %s%n", task.config());

        Timing first = run(task, seed, cache);
        out.printf(Locale.ROOT, "first run (reference %s): %.1f s, of which reference %.1f s; fitness %.4f%n",
                first.referenceSeconds > 0 ? "built" : "loaded", first.wall, first.referenceSeconds, first.fitness);
        double[] wall = new double[runs];
        double[] setup = new double[runs];
        double[] training = new double[runs];
        double[] evaluation = new double[runs];
        double[] stepsPerSecond = new double[runs];
        for (int r = 0; r < runs; r++) {
            Timing t = run(task, seed, cache);
            wall[r] = t.wall;
            setup[r] = t.setup;
            training[r] = t.training;
            evaluation[r] = t.wall - t.setup - t.training;
            stepsPerSecond[r] = t.stepsPerSecond;
            out.printf(Locale.ROOT, "run %d: %.1f s (setup and step-0 evaluation %.1f s, training %.1f s, final evaluation %.1f s),"
                    + " %.2f steps/s, fitness %.4f%n", r + 1, t.wall, t.setup, t.training, evaluation[r], t.stepsPerSecond, t.fitness);
        }
        out.printf(Locale.ROOT, "median of %d: %.1f s per candidate per seed (setup %.1f s, training %.1f s at %.2f steps/s,"
                        + " final evaluation %.1f s)%n", runs, LmFlopsBench.median(wall), LmFlopsBench.median(setup),
                LmFlopsBench.median(training), LmFlopsBench.median(stepsPerSecond), LmFlopsBench.median(evaluation));
    }

    private record Timing(double wall, double referenceSeconds, double setup, double training, double stepsPerSecond,
                          double fitness) {
    }

    private static Timing run(ResolvedTask task, long seed, Path cache) {
        long start = System.nanoTime();
        double[] marks = new double[4]; // reference end, step-0 evaluation, last training step, steps/s
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onProgress(Progress p) {
                double now = (System.nanoTime() - start) / 1e9;
                if (p.phase().equals("reference")) {
                    marks[0] = now;
                } else if (p.phase().equals("train") && p.step() == p.totalSteps()) {
                    marks[2] = now;
                    marks[3] = p.stepsPerSecond();
                }
            }

            @Override
            public void onEvaluation(int step, Map<String, Double> metrics) {
                if (step == 0) {
                    marks[1] = (System.nanoTime() - start) / 1e9;
                }
            }
        };
        SeedResult result = task.task().run(new TaskRun(task.variant(), task.config(),
                BuiltinLosses.get("dpo").newInstance(), seed, listener, cache));
        if (!result.completed()) {
            throw new IllegalStateException("benchmark run ended " + result.status() + ": " + result.message());
        }
        return new Timing(result.wallSeconds(), marks[0], marks[1], marks[2] - marks[1], marks[3], result.fitness());
    }
}
