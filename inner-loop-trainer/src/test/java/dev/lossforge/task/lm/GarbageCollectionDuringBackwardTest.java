package dev.lossforge.task.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.train.GradMode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A garbage collection between the forward and the backward pass must not change gradients.
 * DJL's {@code NDArray.mul(double)} keeps its factor in a Java direct buffer that it frees at
 * once while autograd still holds the factor; once the GC had run, the backward pass read freed
 * memory. That made the tiny-LM tasks differ between two runs of one seed in one JVM (pretraining
 * diverged at a random step, wherever a collection fell inside a step).
 */
class GarbageCollectionDuringBackwardTest {

    @Test
    void scaleKeepsItsFactorForTheBackwardPass() {
        GradMode.offOnThisThread();
        float[] quiet = gradient(x -> Ops.scale(x, 0.125), false);
        float[] collected = gradient(x -> Ops.scale(x, 0.125), true);

        assertThat(quiet).containsOnly(0.125f);
        assertThat(collected).containsExactly(quiet);
    }

    @Test
    void dpoGradientsDoNotDependOnTheGc() {
        GradMode.offOnThisThread();
        Function<NDArray, NDArray> dpo = x -> {
            NDManager m = x.getManager();
            NDArray zeros = m.zeros(new Shape(4));
            NDArray lengths = m.ones(new Shape(4));
            PreferenceBatch batch = new PreferenceBatch(x, zeros, zeros, zeros, lengths, lengths, null, null, null, 0.1);
            return BuiltinLosses.get("dpo").newInstance().compute(batch);
        };
        float[] quiet = gradient(dpo, false);
        float[] collected = gradient(dpo, true);

        assertThat(quiet[0]).isNegative();
        assertThat(collected).containsExactly(quiet);
    }

    @Test
    void languageModelGradientsDoNotDependOnTheGc() {
        GradMode.offOnThisThread();
        Map<String, float[]> quiet = lmGradients(false);
        Map<String, float[]> collected = lmGradients(true);

        assertThat(collected.keySet()).isEqualTo(quiet.keySet());
        quiet.forEach((name, values) -> assertThat(collected.get(name)).as(name).containsExactly(values));
    }

    /** d/dx of sum(f(x)) at x = 1, 2, 3, 4. */
    private static float[] gradient(Function<NDArray, NDArray> f, boolean collectBeforeBackward) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.arange(1f, 5f);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x).sum();
                if (collectBeforeBackward) {
                    collectGarbage();
                }
                collector.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    private static Map<String, float[]> lmGradients(boolean collectBeforeBackward) {
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm lm = new CausalLm(new LmShape(11, 16, 16, 2, 2, 32)).initialize(manager, 5);
            SequenceScorer scorer = new SequenceScorer(lm, 0);
            List<TokenSequence> batch = List.of(TokenSequence.of(new int[] {1, 4}, new int[] {5, 6, 2}),
                    TokenSequence.of(new int[] {1, 7, 3}, new int[] {8, 2}));
            ParameterStore ps = new ParameterStore(manager, false);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = scorer.meanResponseNll(ps, manager, batch, true);
                if (collectBeforeBackward) {
                    collectGarbage();
                }
                collector.backward(loss);
            }
            Map<String, float[]> gradients = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : lm.getParameters()) {
                gradients.put(p.getKey(), p.getValue().getArray().getGradient().toFloatArray());
            }
            return gradients;
        }
    }

    /** Collects unreachable direct buffers and gives their cleaner time to free the memory. */
    private static void collectGarbage() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
