import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/** cDPO with helper methods: (1 - eps) l(beta rho) + eps l(-beta rho), l(z) = -log sigma(z). */
public class ConservativeDpoHelpers implements PreferenceLoss {

    static final double EPSILON = 0.1;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray x = scaledMargin(batch);
        return mix(ell(x), ell(x.neg()), EPSILON);
    }

    private static NDArray scaledMargin(PreferenceBatch batch) {
        return Ops.logRatioDifference(batch).mul(batch.beta());
    }

    private static NDArray ell(NDArray z) {
        return Ops.logSigmoid(z).neg();
    }

    private static NDArray mix(NDArray a, NDArray b, double weight) {
        return a.mul(1.0 - weight).add(b.mul(weight));
    }
}
