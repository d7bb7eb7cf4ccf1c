import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/** IPO (Azar et al. 2023) with length-averaged log-ratios: (h_w/|y_w| - h_l/|y_l| - 1/(2 beta))^2. */
public class Ipo implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray chosen = Ops.chosenLogRatio(batch).div(batch.chosenLengths());
        NDArray rejected = Ops.rejectedLogRatio(batch).div(batch.rejectedLengths());
        return chosen.sub(rejected).sub(1.0 / (2.0 * batch.beta())).square();
    }
}
