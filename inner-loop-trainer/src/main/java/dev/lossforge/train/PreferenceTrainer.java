package dev.lossforge.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.LocalParameterServer;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.lossforge.loss.GarbageCollections;
import dev.lossforge.loss.GradientGate;
import dev.lossforge.loss.MissingInputException;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.task.CurvePoint;
import dev.lossforge.task.EvalPoint;
import dev.lossforge.task.RunStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Preference training of a policy that starts as a copy of a frozen reference, with any
 * {@link PreferenceLoss}: AdamW, batches drawn by a seeded permutation of the pairs, the mean of
 * the loss's per-example values as the objective.
 *
 * <p>Every array a step makes lives on that step's sub-manager, gradients included, and the
 * optimizer's moments live on the run's manager: nothing outlives a run but the block itself,
 * which belongs to the task. The run is deterministic on CPU: the only randomness is the batch
 * order, drawn from {@link TrainConfig#seed()}.
 *
 * <p>How a run ends: COMPLETED after every step and the final evaluation; DIVERGED when the mean
 * loss or any gradient is NaN or infinite (before that step's update, so the weights stay
 * finite); FAILED when the loss throws, returns {@code null} or a shape other than [B];
 * TIMEOUT after {@link TrainConfig#timeoutSeconds()}; CANCELLED when the listener asks. A loss
 * that misbehaves never makes this method throw; a defect of the task (its policy or evaluator)
 * does.
 */
public final class PreferenceTrainer {

    /** The training curve keeps at most about this many points; longer runs record every k-th step. */
    static final int MAX_CURVE_POINTS = 200;
    /** Progress goes out at most this often (and always after the last step). */
    static final long PROGRESS_INTERVAL_NANOS = 500_000_000L;

    private PreferenceTrainer() {
    }

    /**
     * @param policy    the block to train, initialised as the reference, and how it scores pairs
     * @param data      the pairs' fixed inputs (reference log-probabilities among them)
     * @param loss      the candidate
     * @param config    steps, batch size, AdamW settings, beta, evaluation interval, time limit, seed
     * @param evaluator measures the policy at step 0, every {@code evalEvery} steps and at the end
     * @param listener  receives progress and evaluations; asked once a step whether to stop
     * @throws IllegalArgumentException for a configuration out of range
     */
    public static TrainOutcome train(PolicyModel policy, PairData data, PreferenceLoss loss, TrainConfig config,
                                     Evaluator evaluator, TrainingListener listener) {
        validate(config, data);
        return new Run(policy, data, loss, config, evaluator, listener == null ? TrainingListener.NONE : listener)
                .execute();
    }

    private static void validate(TrainConfig config, PairData data) {
        require(config.steps() >= 0, "steps must be 0 or more, got " + config.steps());
        require(config.batchSize() >= 1, "batchSize must be at least 1, got " + config.batchSize());
        require(config.learningRate() > 0 && Double.isFinite(config.learningRate()),
                "learningRate must be a finite number above 0, got " + config.learningRate());
        require(config.weightDecay() >= 0 && Double.isFinite(config.weightDecay()),
                "weightDecay must be a finite number, 0 or more, got " + config.weightDecay());
        require(config.beta() > 0 && Double.isFinite(config.beta()),
                "beta must be a finite number above 0, got " + config.beta());
        require(config.evalEvery() >= 0, "evalEvery must be 0 or more, got " + config.evalEvery());
        require(config.timeoutSeconds() >= 0 && !Double.isNaN(config.timeoutSeconds()),
                "timeoutSeconds must be 0 (no limit) or more, got " + config.timeoutSeconds());
        require(data.size() > 0, "there are no training pairs");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Ends a run early with a status other than COMPLETED. */
    private static final class Stop extends Exception {
        private final RunStatus status;

        Stop(RunStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private static final class Run {
        private final PolicyModel policy;
        private final PairData data;
        private final PreferenceLoss loss;
        private final TrainConfig config;
        private final Evaluator evaluator;
        private final TrainingListener listener;
        private final List<CurvePoint> curve = new ArrayList<>();
        private final List<EvalPoint> evaluations = new ArrayList<>();
        private final int curveEvery;
        private final long startNanos = System.nanoTime();
        private final long timeoutNanos;
        private long trainStartNanos;
        private long lastProgressNanos;
        private int stepsDone;

        Run(PolicyModel policy, PairData data, PreferenceLoss loss, TrainConfig config, Evaluator evaluator,
            TrainingListener listener) {
            this.policy = policy;
            this.data = data;
            this.loss = loss;
            this.config = config;
            this.evaluator = evaluator;
            this.listener = listener;
            this.curveEvery = Math.max(1, (config.steps() + MAX_CURVE_POINTS - 1) / MAX_CURVE_POINTS);
            this.timeoutNanos = config.timeoutSeconds() == 0 ? Long.MAX_VALUE
                    : (long) Math.min(Long.MAX_VALUE, config.timeoutSeconds() * 1e9);
        }

        TrainOutcome execute() {
            List<Pair<String, Parameter>> parameters = trainableParameters();
            Device device = parameters.get(0).getValue().getArray().getDevice();
            try (NDManager runManager = NDManager.newBaseManager(device)) {
                ParameterStore store = new ParameterStore(runManager, false);
                store.setParameterServer(new LocalParameterServer(new ManagedAdamW(
                        runManager, (float) config.learningRate(), (float) config.weightDecay())), new Device[] {device});
                BatchSampler sampler = new BatchSampler(data.size(), config.seed());
                try {
                    evaluate(0, store, runManager);
                    trainStartNanos = System.nanoTime();
                    lastProgressNanos = trainStartNanos;
                    for (int step = 1; step <= config.steps(); step++) {
                        checkContinue(step);
                        double lossValue = step(step, sampler.next(config.batchSize()), store, runManager, parameters);
                        stepsDone = step;
                        report(step, lossValue);
                        if (config.evalEvery() > 0 && step % config.evalEvery() == 0 && step != config.steps()) {
                            evaluate(step, store, runManager);
                        }
                    }
                    Map<String, Double> last = config.steps() == 0 ? evaluations.get(0).metrics()
                            : evaluate(config.steps(), store, runManager);
                    return outcome(RunStatus.COMPLETED, null, last);
                } catch (Stop stop) {
                    return outcome(stop.status, stop.getMessage(), Map.of());
                }
            }
        }

        private List<Pair<String, Parameter>> trainableParameters() {
            List<Pair<String, Parameter>> list = new ArrayList<>();
            for (Pair<String, Parameter> pair : policy.block().getParameters()) {
                if (pair.getValue().requiresGradient()) {
                    if (!pair.getValue().isInitialized()) {
                        throw new IllegalArgumentException("the policy's parameter " + pair.getKey() + " is not initialised");
                    }
                    list.add(pair);
                }
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException("the policy has no trainable parameters");
            }
            return list;
        }

        private void checkContinue(int step) throws Stop {
            if (listener.stopRequested()) {
                throw new Stop(RunStatus.CANCELLED, "cancelled before step " + step + " of " + config.steps());
            }
            if (System.nanoTime() - startNanos > timeoutNanos) {
                throw new Stop(RunStatus.TIMEOUT, String.format(Locale.ROOT,
                        "time limit of %s s reached before step %d of %d", trim(config.timeoutSeconds()),
                        step, config.steps()));
            }
        }

        /** One optimizer step; returns the batch's mean loss. */
        private double step(int step, int[] pairIndices, ParameterStore store, NDManager runManager,
                            List<Pair<String, Parameter>> parameters) throws Stop {
            try (NDManager stepManager = runManager.newSubManager()) {
                // a collection inside the pass can corrupt the gradients of the loss's scalar operations
                double lossValue = GarbageCollections.withoutCollection(
                        () -> forwardAndBackward(step, store, stepManager, pairIndices),
                        () -> parameters.forEach(p -> GarbageCollections.discardGradient(p.getValue().getArray())));
                double gradientNorm = gradientNorm(step, stepManager, parameters);
                store.updateAllParameters();
                if (step % curveEvery == 0 || step == config.steps()) {
                    curve.add(new CurvePoint(step, lossValue, gradientNorm));
                }
                return lossValue;
            }
        }

        private double forwardAndBackward(int step, ParameterStore store, NDManager stepManager, int[] pairIndices)
                throws Stop {
            // a redone pass leaves its arrays in stepManager until the step ends: passes are rarely redone
            GradientGate.lock();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList logps = policy.pairLogps(store, stepManager, pairIndices);
                PreferenceBatch batch = batch(stepManager, logps, pairIndices);
                NDArray mean = meanLoss(step, batch);
                double lossValue = mean.toType(DataType.FLOAT64, false).getDouble();
                if (!Double.isFinite(lossValue)) {
                    throw new Stop(RunStatus.DIVERGED, "the loss is " + nonFinite(lossValue) + " at step " + step);
                }
                backward(step, collector, mean);
                return lossValue;
            } finally {
                GradientGate.unlock();
            }
        }

        private NDArray meanLoss(int step, PreferenceBatch batch) throws Stop {
            NDArray perExample;
            try {
                perExample = loss.compute(batch);
            } catch (MissingInputException e) {
                throw new Stop(RunStatus.FAILED, "the loss needs an input this task does not provide: " + e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                throw new Stop(RunStatus.FAILED, "the loss threw " + describe(e) + " at step " + step);
            }
            if (perExample == null) {
                throw new Stop(RunStatus.FAILED, "the loss returned null at step " + step
                        + " instead of one value per pair (shape [" + batch.size() + "])");
            }
            Shape expected = new Shape(batch.size());
            if (!perExample.getShape().equals(expected)) {
                throw new Stop(RunStatus.FAILED, "the loss returned shape " + perExample.getShape() + " at step " + step
                        + " but must return one value per pair, shape " + expected);
            }
            if (!perExample.getDataType().isFloating()) {
                throw new Stop(RunStatus.FAILED, "the loss returned " + perExample.getDataType() + " values at step "
                        + step + "; it must return floating-point losses");
            }
            return perExample.mean();
        }

        private void backward(int step, GradientCollector collector, NDArray mean) throws Stop {
            try {
                collector.backward(mean);
            } catch (EngineException e) {
                // a loss that depends on no policy log-probability has no graph: its gradient is
                // zero, and the step goes on with zero gradients (only weight decay moves anything)
                if (!String.valueOf(e.getMessage()).contains("does not require grad")) {
                    throw new Stop(RunStatus.FAILED, "back-propagation through the loss failed at step " + step
                            + ": " + describe(e));
                }
            }
        }

        /** The global L2 norm of the gradient; DIVERGED naming the first parameter whose gradient is not finite. */
        private double gradientNorm(int step, NDManager stepManager, List<Pair<String, Parameter>> parameters)
                throws Stop {
            NDList squares = new NDList(parameters.size());
            for (Pair<String, Parameter> pair : parameters) {
                NDArray gradient = pair.getValue().getArray().getGradient();
                // the handle is new and belongs to the parameter's long-lived manager: move it here
                gradient.attach(stepManager);
                squares.add(gradient.toType(DataType.FLOAT64, false).square().sum());
            }
            double norm = Math.sqrt(NDArrays.stack(squares).sum().getDouble());
            if (!Double.isFinite(norm)) {
                for (int i = 0; i < parameters.size(); i++) {
                    double value = squares.get(i).getDouble();
                    if (!Double.isFinite(value)) {
                        throw new Stop(RunStatus.DIVERGED, "the gradient of parameter " + parameters.get(i).getKey()
                                + " is " + (Double.isNaN(value) ? "NaN" : "infinite") + " at step " + step);
                    }
                }
                throw new Stop(RunStatus.DIVERGED, "the gradient norm is infinite at step " + step);
            }
            return norm;
        }

        private PreferenceBatch batch(NDManager manager, NDList logps, int[] idx) {
            if (logps.size() != 2) {
                throw new IllegalStateException("pairLogps must return [chosen, rejected], got " + logps.size() + " arrays");
            }
            return new PreferenceBatch(logps.get(0), logps.get(1),
                    slice(manager, data.referenceChosenLogps(), idx),
                    slice(manager, data.referenceRejectedLogps(), idx),
                    slice(manager, data.chosenLengths(), idx),
                    slice(manager, data.rejectedLengths(), idx),
                    slice(manager, data.softLabel(), idx),
                    slice(manager, data.rewardChosen(), idx),
                    slice(manager, data.rewardRejected(), idx),
                    config.beta());
        }

        private static NDArray slice(NDManager manager, float[] values, int[] idx) {
            if (values == null) {
                return null;
            }
            float[] out = new float[idx.length];
            for (int i = 0; i < idx.length; i++) {
                out[i] = values[idx[i]];
            }
            return manager.create(out);
        }

        private Map<String, Double> evaluate(int step, ParameterStore store, NDManager runManager) {
            Map<String, Double> metrics;
            try (NDManager evalManager = runManager.newSubManager()) {
                metrics = Map.copyOf(evaluator.evaluate(store, evalManager));
            }
            evaluations.add(new EvalPoint(step, metrics));
            listener.onEvaluation(step, metrics);
            return metrics;
        }

        private void report(int step, double lossValue) {
            long now = System.nanoTime();
            if (now - lastProgressNanos >= PROGRESS_INTERVAL_NANOS || step == config.steps()) {
                lastProgressNanos = now;
                double seconds = Math.max(1e-9, (now - trainStartNanos) / 1e9);
                listener.onProgress(new Progress("train", step, config.steps(), lossValue, step / seconds));
            }
        }

        private TrainOutcome outcome(RunStatus status, String message, Map<String, Double> finalMetrics) {
            return new TrainOutcome(status, message, stepsDone, curve, evaluations, finalMetrics);
        }
    }

    private static String nonFinite(double value) {
        return Double.isNaN(value) ? "NaN" : value > 0 ? "+Infinity" : "-Infinity";
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        String firstLine = message == null ? "" : message.lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (firstLine.isEmpty() ? "" : ": " + firstLine);
    }

    private static String trim(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }
}
