// EXPECT kind=NOT_A_LOSS line=5 column=8 mentions="does not implement PreferenceLoss"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class NotImplementingInterface {
    public NDArray compute(PreferenceBatch batch) {
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
