import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.MissingInputException;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/** DPO with the reward-model margin as the target: l(beta rho - (r_w - r_l)). Needs reward scores. */
public class RewardMargin implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        if (!batch.hasRewards()) {
            throw new MissingInputException("RewardMargin needs reward scores (rewardChosen, rewardRejected)");
        }
        NDArray target = batch.rewardChosen().sub(batch.rewardRejected());
        return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(batch.beta()).sub(target)).neg();
    }
}
