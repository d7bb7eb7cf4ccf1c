import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.MissingInputException;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/** DPO whose margin is shifted by the reward-model gap: needs reward scores. */
public class NeedsRewards implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        if (!batch.hasRewards()) {
            throw new MissingInputException("NeedsRewards needs reward scores");
        }
        NDArray gap = batch.rewardChosen().sub(batch.rewardRejected());
        return Ops.softplus(Ops.logRatioDifference(batch).mul(batch.beta()).sub(gap).neg());
    }
}
