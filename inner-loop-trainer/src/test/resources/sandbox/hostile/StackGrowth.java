// EXPECT kind=FORBIDDEN line=12 column=30 mentions="NDArrays.stack is not allowed"
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.lossforge.loss.*;

public class StackGrowth implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        // [4, B], then [4, 4, B], then [4, 4, 4, B] ...
        NDArray x = NDArrays.stack(new NDList(rho, rho, rho, rho));
        x = NDArrays.stack(new NDList(x, x, x, x));
        x = NDArrays.stack(new NDList(x, x, x, x));
        return Ops.logSigmoid(rho).neg().add(x.mean().mul(0.0));
    }
}
