// EXPECT kind=FORBIDDEN line=10 column=43 mentions="NDManager.zeros"
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.lossforge.loss.*;

public class HugeAllocationShape implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        // 8 TiB of float32
        NDArray ballast = batch.manager().zeros(new Shape(1L << 41));
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg().add(ballast.sum());
    }
}
