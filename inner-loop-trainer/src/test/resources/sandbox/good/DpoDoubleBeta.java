import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/** DPO with twice the beta: a different function. */
public class DpoDoubleBeta implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        return Ops.logSigmoid(rho.mul(2 * batch.beta())).neg();
    }
}
