package dev.lossforge.task.bandit;

import dev.lossforge.loss.MissingInputException;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.task.BatchInput;
import dev.lossforge.task.ResolvedTask;
import dev.lossforge.task.RunStatus;
import dev.lossforge.task.SeedResult;
import dev.lossforge.task.TaskRegistry;
import dev.lossforge.task.TaskRun;
import dev.lossforge.train.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code optionalInputs} promises is what the bandit's batches carry, variant by variant. */
class BanditOptionalInputsTest {

    private static final Map<String, String> TINY = Map.of("contexts", "16", "evalContexts", "16", "steps", "2",
            "evalEvery", "0");

    /** DPO weighted by the soft label: needs it. */
    private static final PreferenceLoss NEEDS_SOFT_LABEL = b -> {
        if (!b.hasSoftLabel()) {
            throw new MissingInputException("soft labels");
        }
        return Ops.logSigmoid(Ops.logRatioDifference(b).mul(b.beta())).neg().mul(b.softLabel());
    };

    /** DPO with a margin from the reward-model scores: needs them. */
    private static final PreferenceLoss NEEDS_REWARDS = b -> {
        if (!b.hasRewards()) {
            throw new MissingInputException("rewards");
        }
        return Ops.logSigmoid(Ops.logRatioDifference(b).mul(b.beta())
                .sub(b.rewardChosen().sub(b.rewardRejected()))).neg();
    };

    @Test
    void aLossThatNeedsAnInputRunsExactlyWhereTheTaskSaysItHasIt() {
        for (String variant : new BanditTask().variants()) {
            ResolvedTask task = TaskRegistry.resolve("bandit:" + variant, TINY);
            assertThat(status(task, NEEDS_REWARDS)).as(variant + " rewards")
                    .isEqualTo(task.optionalInputs().contains(BatchInput.REWARDS) ? RunStatus.COMPLETED : RunStatus.FAILED);
            assertThat(status(task, NEEDS_SOFT_LABEL)).as(variant + " soft label")
                    .isEqualTo(task.optionalInputs().contains(BatchInput.SOFT_LABEL) ? RunStatus.COMPLETED : RunStatus.FAILED);
        }
    }

    @Test
    void rewardsAlwaysAndSoftLabelsWhereTheSettingIsOn() {
        assertThat(TaskRegistry.resolve("bandit:clean", Map.of()).optionalInputs()).containsExactly(BatchInput.REWARDS);
        assertThat(TaskRegistry.resolve("bandit:soft-labels", Map.of()).optionalInputs())
                .containsExactlyInAnyOrder(BatchInput.REWARDS, BatchInput.SOFT_LABEL);
        assertThat(TaskRegistry.resolve("bandit:noisy-40", Map.of("softLabels", "true")).optionalInputs())
                .containsExactlyInAnyOrder(BatchInput.REWARDS, BatchInput.SOFT_LABEL);
    }

    private static RunStatus status(ResolvedTask task, PreferenceLoss loss) {
        SeedResult result = task.task().run(new TaskRun(task.variant(), task.config(), loss, 1, TrainingListener.NONE, null));
        return result.status();
    }
}
