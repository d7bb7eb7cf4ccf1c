// EXPECT kind=FORBIDDEN line=11 column=46 mentions="index strings are not allowed"
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.lossforge.loss.*;

public class NDIndexNewAxis implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        // "null" adds an axis: [B, 1] and [1, B], whose difference is a [B, B] matrix
        NDArray column = rho.get(new NDIndex(":, null"));
        NDArray row = rho.get("null, :");
        return Ops.logSigmoid(rho).neg().add(column.sub(row).mean().mul(0.0));
    }
}
