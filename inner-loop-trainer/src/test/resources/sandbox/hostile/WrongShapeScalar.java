// EXPECT kind=SMOKE_TEST mentions="one value per pair"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class WrongShapeScalar implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(batch.beta())).neg().mean();
    }
}
