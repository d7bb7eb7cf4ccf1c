// EXPECT kind=FORBIDDEN line=10 column=25 mentions="NDArray.reshape is not allowed"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class ReshapeOuterProduct implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        // a column times a row broadcasts to [B, B]; flattened and repeated: B^2, B^4, B^8 ...
        NDArray x = rho.reshape(-1, 1).mul(rho.reshape(1, -1)).reshape(-1);
        x = x.reshape(-1, 1).mul(x.reshape(1, -1)).reshape(-1);
        x = x.reshape(-1, 1).mul(x.reshape(1, -1)).reshape(-1);
        return Ops.logSigmoid(rho).neg().add(x.mean().mul(0.0));
    }
}
