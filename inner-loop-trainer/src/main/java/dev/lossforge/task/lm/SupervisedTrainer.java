package dev.lossforge.task.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.lossforge.loss.GarbageCollections;
import dev.lossforge.loss.GradientGate;
import dev.lossforge.train.Progress;
import dev.lossforge.train.TrainingListener;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Maximum-likelihood training of a {@link CausalLm} on response tokens: the pretraining of the
 * sentiment task's reference and the SFT warm-up of the preference-pair tasks. AdamW with linear
 * warm-up, cosine decay to a tenth, and global gradient-norm clipping at 1. Progress goes to the
 * listener in the {@code reference} phase.
 */
public final class SupervisedTrainer {

    private static final double CLIP_NORM = 1.0;

    /**
     * @param steps        optimizer steps
     * @param learningRate peak learning rate
     * @param weightDecay  AdamW decoupled weight decay
     * @param warmupSteps  steps of linear warm-up
     */
    public record Settings(int steps, double learningRate, double weightDecay, int warmupSteps) {

        double learningRateAt(int step) {
            if (step < warmupSteps) {
                return learningRate * (step + 1) / warmupSteps;
            }
            double progress = (double) (step - warmupSteps) / Math.max(1, steps - warmupSteps);
            return learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
        }
    }

    private SupervisedTrainer() {
    }

    /**
     * @param batches  the sequences of each step, from step 0
     * @param listener receives {@code reference} progress; a stop request ends training early
     * @return the mean token loss of each step
     */
    public static double[] train(SequenceScorer scorer, NDManager manager, Settings settings,
                                 IntFunction<List<TokenSequence>> batches, TrainingListener listener) {
        CausalLm lm = scorer.lm();
        List<Parameter> parameters = new ArrayList<>();
        for (Pair<String, Parameter> p : lm.getParameters()) {
            parameters.add(p.getValue());
        }
        double[] losses = new double[settings.steps()];
        long start = System.nanoTime();
        try (NDManager owner = manager.newSubManager()) {
            AdamWState optimizer = new AdamWState(parameters, owner);
            ParameterStore ps = new ParameterStore(owner, false);
            for (int step = 0; step < settings.steps(); step++) {
                if (listener.stopRequested()) {
                    break;
                }
                try (NDManager scope = owner.newSubManager()) {
                    List<TokenSequence> batch = batches.apply(step);
                    // redone when a collection ran inside the pass (see GarbageCollections)
                    losses[step] = GarbageCollections.withoutCollection(() -> pass(scorer, ps, scope, batch),
                            () -> parameters.forEach(p -> GarbageCollections.discardGradient(p.getArray())));
                    double norm = optimizer.gradientNorm(scope);
                    double scale = norm > CLIP_NORM ? CLIP_NORM / norm : 1.0;
                    optimizer.update(scope, settings.learningRateAt(step), settings.weightDecay(), scale);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                listener.onProgress(new Progress("reference", step + 1, settings.steps(), losses[step], (step + 1) / seconds));
            }
        }
        return losses;
    }

    private static float pass(SequenceScorer scorer, ParameterStore ps, NDManager scope, List<TokenSequence> batch) {
        GradientGate.lock();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = scorer.meanResponseNll(ps, scope, batch, true);
            collector.backward(loss);
            return loss.getFloat();
        } finally {
            GradientGate.unlock();
        }
    }
}
