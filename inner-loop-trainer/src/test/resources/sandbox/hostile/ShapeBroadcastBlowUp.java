// EXPECT kind=FORBIDDEN line=10 column=28 mentions="NDArray.broadcast is not allowed"
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.lossforge.loss.*;

public class ShapeBroadcastBlowUp implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        NDArray huge = rho.broadcast(new Shape(1L << 30, batch.size()));
        return Ops.logSigmoid(rho).neg().add(huge.mean());
    }
}
