// EXPECT kind=NOT_A_LOSS line=12 column=1 mentions="found 2 top-level types"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class TwoClasses implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        return Helper.scaled(Ops.logRatioDifference(batch));
    }
}

class Helper {
    static NDArray scaled(NDArray x) {
        return Ops.logSigmoid(x).neg();
    }
}
