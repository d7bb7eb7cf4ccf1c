package dev.lossforge.train;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.LossCurve;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.loss.ProbeResult;
import dev.lossforge.task.ResolvedTask;
import dev.lossforge.task.SeedResult;
import dev.lossforge.task.TaskRegistry;
import dev.lossforge.task.TaskRun;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Losses written against DJL's API multiply by plain numbers ({@code rho.mul(beta)}), whose tensors
 * DJL frees at once while autograd still needs them; a collection between the forward and the
 * backward pass used to zero those gradients. The trainer and the loss probe redo a pass that met
 * a collection, so a loss that forces one inside every other pass trains exactly like one that
 * never does.
 */
class GarbageCollectionDuringStepTest {

    /** DPO as most losses are written: the factor through DJL's scalar multiply. */
    private static NDArray dpo(PreferenceBatch batch) {
        return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(batch.beta())).neg();
    }

    /** The same loss, but every other call collects garbage after the scalar operation. */
    private static final class CollectingDpo implements PreferenceLoss {
        private int calls;

        @Override
        public NDArray compute(PreferenceBatch batch) {
            NDArray scaled = Ops.logRatioDifference(batch).mul(batch.beta());
            if (calls++ % 2 == 0) {
                collectGarbage();
            }
            return Ops.logSigmoid(scaled).neg();
        }
    }

    private static void collectGarbage() {
        System.gc();
        try {
            Thread.sleep(20); // the cleaner frees the scalar's buffer on its own thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aCollectionInsideTrainingStepsChangesNothing() {
        ResolvedTask task = TaskRegistry.resolve("bandit:clean",
                Map.of("steps", 40, "contexts", 64, "evalContexts", 64, "evalEvery", 0));
        SeedResult quiet = task.task().run(new TaskRun(task.variant(), task.config(),
                GarbageCollectionDuringStepTest::dpo, 42, TrainingListener.NONE, null));
        CollectingDpo collecting = new CollectingDpo();
        SeedResult collected = task.task().run(new TaskRun(task.variant(), task.config(), collecting, 42,
                TrainingListener.NONE, null));

        assertThat(collecting.calls).as("every step redone once").isGreaterThanOrEqualTo(80);
        assertThat(quiet.metrics().get("trueRewardGain")).isGreaterThan(0.1);
        quiet.metrics().forEach((name, value) ->
                assertThat(collected.metrics().get(name)).as(name).isCloseTo(value, within(1e-12)));
    }

    @Test
    void aCollectionInsideALossProbeChangesNothing() {
        ProbeResult quiet = LossProbe.probe(GarbageCollectionDuringStepTest::dpo, LossCurve.batch(0.1));
        ProbeResult collected = LossProbe.probe(new CollectingDpo(), LossCurve.batch(0.1));

        // d/d(policy chosen) of -log sigmoid(beta rho) is -beta sigmoid(-beta rho): at rho = 0, -0.05
        assertThat(quiet.gradPolicyChosen()[100]).isCloseTo(-0.05, within(1e-12));
        assertThat(collected.gradPolicyChosen()).containsExactly(quiet.gradPolicyChosen());
        assertThat(collected.losses()).containsExactly(quiet.losses());
    }
}
