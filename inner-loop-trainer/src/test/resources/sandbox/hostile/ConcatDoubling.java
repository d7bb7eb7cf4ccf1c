// EXPECT kind=FORBIDDEN line=12 column=30 mentions="NDArrays.concat is not allowed"
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.lossforge.loss.*;

public class ConcatDoubling implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        // each statement doubles x: thirty of them make 2^30 B values, without a loop
        NDArray x = NDArrays.concat(new NDList(rho, rho));
        x = NDArrays.concat(new NDList(x, x));
        x = NDArrays.concat(new NDList(x, x));
        x = NDArrays.concat(new NDList(x, x));
        x = NDArrays.concat(new NDList(x, x));
        x = NDArrays.concat(new NDList(x, x));
        x = NDArrays.concat(new NDList(x, x));
        x = NDArrays.concat(new NDList(x, x));
        x = NDArrays.concat(new NDList(x, x));
        x = NDArrays.concat(new NDList(x, x));
        return Ops.logSigmoid(rho).neg().add(x.mean().mul(0.0));
    }
}
