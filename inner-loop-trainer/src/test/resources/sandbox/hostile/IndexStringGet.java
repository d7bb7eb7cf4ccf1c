// EXPECT kind=FORBIDDEN line=9 column=31 mentions="index strings are not allowed"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class IndexStringGet implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        NDArray row = rho.get("null, :");
        return Ops.logSigmoid(rho).neg().add(row.mean().mul(0.0));
    }
}
