import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/** DPO (Rafailov et al. 2023): -log sigma(beta * rho). */
public class Dpo implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        return Ops.logSigmoid(rho.mul(batch.beta())).neg();
    }
}
