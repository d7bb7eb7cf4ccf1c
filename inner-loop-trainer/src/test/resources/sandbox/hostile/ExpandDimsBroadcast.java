// EXPECT kind=FORBIDDEN line=10 column=32 mentions="NDArray.expandDims is not allowed"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class ExpandDimsBroadcast implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        // "all pairwise differences": [B, 1] - [1, B] is a [B, B] matrix
        NDArray pairwise = rho.expandDims(1).sub(rho.expandDims(0));
        return Ops.logSigmoid(rho).neg().add(pairwise.abs().mean(new int[] {1}).mul(0.1));
    }
}
