// a second candidate that also calls its class ScaledDpo, in a package of its own
package my.losses;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/** Half logistic, half hinge on a scaled margin. */
public class ScaledDpo implements PreferenceLoss {

    public static final double SCALE = 2.0;
    public static final double MIX = 0.5;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray x = Ops.logRatioDifference(batch).mul(SCALE * batch.beta());
        return Ops.softplus(x.neg()).mul(MIX).add(Ops.hinge(x).mul(1.0 - MIX));
    }
}
