package dev.lossforge.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.lossforge.cli.Args;
import dev.lossforge.cli.CliException;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.task.TaskConfig;
import dev.lossforge.task.TaskRegistry;
import dev.lossforge.task.hh.HhRlhfTask;
import dev.lossforge.task.hh.PreferencePairTask;
import dev.lossforge.task.lm.CausalLm;
import dev.lossforge.task.lm.LmPolicy;
import dev.lossforge.task.lm.LmShape;
import dev.lossforge.task.lm.SequenceScorer;
import dev.lossforge.task.lm.TokenSequence;
import dev.lossforge.task.tinylm.TinyLmSentimentTask;
import dev.lossforge.loss.GradientGate;
import dev.lossforge.train.PairData;
import dev.lossforge.train.PreferenceTrainer;
import dev.lossforge.train.Progress;
import dev.lossforge.train.TrainConfig;
import dev.lossforge.train.TrainOutcome;
import dev.lossforge.train.TrainingListener;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code bench lm-flops}: achieved FLOP/s of the LM tasks' preference training against a plain
 * DJL matrix product on the same machine (the practical ceiling). The workload is the task's
 * default model and batch on random tokens of the task's typical padded length; FLOPs are counted
 * analytically ({@link LmShape#trainingFlops}: 6 per matmul weight and token plus attention).
 *
 * <p>Reported: the ceiling (median GFLOP/s of a 2048³ product and of the model's largest
 * product, fp32), the trainer's steps/s, tokens/s and GFLOP/s through {@link PreferenceTrainer}
 * with DPO, and a breakdown (forward alone; forward and backward) to show where the time goes.
 */
final class LmFlopsBench implements BenchTarget {

    /**
     * Model, pairs per step and padded width of a task at its defaults: a batch of sequences is
     * padded to its longest, and a sequence of n tokens is n − 1 positions wide (the last token is
     * only a target).
     */
    private record Workload(LmShape shape, int pairsPerStep, int width) {
    }

    private static Workload workload(String task) {
        TaskConfig defaults = TaskRegistry.resolve(task, Map.of()).config();
        int batchSize = defaults.getInt("batchSize");
        if (task.equals(TinyLmSentimentTask.NAME)) {
            // measured on seed 42's pairs: 64 sampled sequences are padded to 19.4 positions on
            // average, of which 11.7 are real tokens
            return new Workload(TinyLmSentimentTask.shape(defaults), batchSize, 19);
        }
        // nearly every HH prompt and response is longer than its byte budget: sequences are full
        LmShape shape = PreferencePairTask.shape(defaults);
        return new Workload(shape, batchSize, shape.contextLength() - 1);
    }

    @Override
    public String name() {
        return "lm-flops";
    }

    @Override
    public String summary() {
        return "achieved FLOP/s of LM preference training vs a plain DJL matmul (--task tinylm-sentiment|hh-rlhf)";
    }

    @Override
    public Set<String> options() {
        return Set.of("task", "steps", "repeats");
    }

    @Override
    public void run(Args args, PrintStream out) {
        String task = args.optional("task", TinyLmSentimentTask.NAME);
        if (!task.equals(TinyLmSentimentTask.NAME) && !task.equals(HhRlhfTask.NAME)) {
            throw new CliException("--task must be " + TinyLmSentimentTask.NAME + " or " + HhRlhfTask.NAME + ", got '" + task + "'");
        }
        Workload workload = workload(task);
        int steps = (int) args.longValue("steps", 20);
        int repeats = (int) args.longValue("repeats", 5);
        if (steps < 2 || repeats < 1) {
            throw new CliException("--steps must be at least 2 and --repeats at least 1");
        }
        LmShape shape = workload.shape();
        int sequences = 2 * workload.pairsPerStep();
        int length = workload.width();
        long tokens = (long) sequences * length;
        double flopsPerStep = shape.trainingFlops(sequences, length);
        out.printf(Locale.ROOT, "lm-flops %s: d=%d, %d layers, ffn %d, vocabulary %d; %d sequences x %d positions a step;"
                        + " %.2f GFLOP a training step; %d cpus, %s libtorch threads, %s%n",
                task, shape.modelDim(), shape.layers(), shape.ffnDim(), shape.vocabSize(), sequences, length,
                flopsPerStep / 1e9, Runtime.getRuntime().availableProcessors(), torchThreads(), Runtime.version());

        double square = matmulGflops(2048, 2048, 2048, repeats * 2);
        double largest = matmulGflops(tokens, shape.modelDim(), shape.ffnDim(), repeats * 4);
        double ceiling = Math.max(square, largest);
        out.printf(Locale.ROOT, "ceiling  plain DJL matmul 2048x2048x2048        median %7.1f GFLOP/s%n", square);
        out.printf(Locale.ROOT, "ceiling  plain DJL matmul %dx%dx%d (largest in the model)  median %7.1f GFLOP/s%n",
                tokens, shape.modelDim(), shape.ffnDim(), largest);

        double[] trainerSeconds = new double[repeats];
        double[] forwardSeconds = new double[repeats];
        double[] backwardSeconds = new double[repeats];
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm lm = new CausalLm(shape).initialize(manager, 1);
            SequenceScorer scorer = new SequenceScorer(lm, 0);
            List<TokenSequence> chosen = randomSequences(workload.pairsPerStep() * 8, length + 1, shape.vocabSize(), 1);
            List<TokenSequence> rejected = randomSequences(workload.pairsPerStep() * 8, length + 1, shape.vocabSize(), 2);
            PairData data = zeroReference(chosen.size(), length - length / 2);
            LmPolicy policy = new LmPolicy(scorer, chosen, rejected);
            for (int r = 0; r < repeats; r++) {
                trainerSeconds[r] = trainerSecondsPerStep(policy, data, workload.pairsPerStep(), steps, r);
                forwardSeconds[r] = forwardSecondsPerStep(scorer, manager, chosen.subList(0, sequences), steps);
                backwardSeconds[r] = forwardBackwardSecondsPerStep(scorer, manager, chosen.subList(0, sequences), steps);
            }
        }
        double trainer = median(trainerSeconds);
        double forward = median(forwardSeconds);
        double forwardBackward = median(backwardSeconds);
        double achieved = flopsPerStep / trainer / 1e9;
        out.printf(Locale.ROOT, "trainer  PreferenceTrainer + DPO: %.2f steps/s, %.0f tokens/s, %.1f GFLOP/s = %.0f%% of the ceiling%n",
                1 / trainer, tokens / trainer, achieved, 100 * achieved / ceiling);
        out.printf(Locale.ROOT, "part     forward only (training mode)     %7.1f ms/step  %7.1f GFLOP/s%n",
                1e3 * forward, shape.forwardFlops(sequences, length) / forward / 1e9);
        out.printf(Locale.ROOT, "part     forward + backward               %7.1f ms/step  %7.1f GFLOP/s%n",
                1e3 * forwardBackward, flopsPerStep / forwardBackward / 1e9);
        out.printf(Locale.ROOT, "part     rest of a trainer step (loss, norm, AdamW) %7.1f ms/step%n",
                1e3 * (trainer - forwardBackward));
        out.printf(Locale.ROOT, "medians of %d repeats of %d steps each%n", repeats, steps);
    }

    private static double trainerSecondsPerStep(LmPolicy policy, PairData data, int batchSize, int steps, long seed) {
        double[] rate = new double[1];
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onProgress(Progress p) {
                rate[0] = p.stepsPerSecond();
            }
        };
        // one warm-up step is part of every run: the trainer's steps/s covers them all
        TrainOutcome outcome = PreferenceTrainer.train(policy, data, BuiltinLosses.get("dpo").newInstance(),
                new TrainConfig(steps, batchSize, 1e-6, 0, 0.1, 0, 0, seed), (ps, m) -> Map.of(), listener);
        if (!outcome.status().name().equals("COMPLETED")) {
            throw new IllegalStateException("benchmark training ended " + outcome.status() + ": " + outcome.message());
        }
        return 1 / rate[0];
    }

    private static double forwardSecondsPerStep(SequenceScorer scorer, NDManager manager, List<TokenSequence> batch, int steps) {
        ParameterStore ps = new ParameterStore(manager, false);
        long start = 0;
        for (int i = -1; i < steps; i++) {
            if (i == 0) {
                start = System.nanoTime();
            }
            try (NDManager scope = manager.newSubManager()) {
                scorer.responseLogps(ps, scope, batch, true).toFloatArray();
            }
        }
        return (System.nanoTime() - start) / 1e9 / steps;
    }

    private static double forwardBackwardSecondsPerStep(SequenceScorer scorer, NDManager manager,
                                                        List<TokenSequence> batch, int steps) {
        ParameterStore ps = new ParameterStore(manager, false);
        long start = 0;
        for (int i = -1; i < steps; i++) {
            if (i == 0) {
                start = System.nanoTime();
            }
            try (NDManager scope = manager.newSubManager()) {
                GradientGate.lock();
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray sum = scorer.responseLogps(ps, scope, batch, true).sum();
                    collector.backward(sum);
                } finally {
                    GradientGate.unlock();
                }
                // the gradients accumulate on the weights; clear them as the optimizer would
                for (var p : scorer.lm().getParameters()) {
                    NDArray gradient = p.getValue().getArray().getGradient();
                    gradient.attach(scope);
                    gradient.muli(0);
                }
            }
        }
        return (System.nanoTime() - start) / 1e9 / steps;
    }

    static double matmulGflops(long m, long k, long n, int repeats) {
        double[] seconds = new double[repeats];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomNormal(new Shape(m, k));
            NDArray b = manager.randomNormal(new Shape(k, n));
            a.matMul(b).close();
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                a.matMul(b).close();
                seconds[r] = (System.nanoTime() - start) / 1e9;
            }
        }
        return 2.0 * m * k * n / median(seconds) / 1e9;
    }

    private static List<TokenSequence> randomSequences(int n, int length, int vocabulary, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TokenSequence> sequences = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] tokens = random.ints(length, 0, vocabulary).toArray();
            sequences.add(new TokenSequence(tokens, length / 2));
        }
        return sequences;
    }

    private static PairData zeroReference(int n, int responseLength) {
        float[] lengths = new float[n];
        Arrays.fill(lengths, responseLength);
        return new PairData(new float[n], new float[n], lengths, lengths.clone(), null, null, null);
    }

    private static String torchThreads() {
        return System.getProperty("ai.djl.pytorch.num_threads", "default");
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return SandboxBench.percentile(sorted, 0.5);
    }
}
