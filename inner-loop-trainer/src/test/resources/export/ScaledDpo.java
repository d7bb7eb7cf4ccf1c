import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/** DPO on a scaled margin: -log sigma(SCALE * beta * rho). */
public class ScaledDpo implements PreferenceLoss {

    public static final double SCALE = 1.5;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray x = Ops.logRatioDifference(batch).mul(SCALE * batch.beta());
        return Ops.softplus(x.neg());
    }
}
