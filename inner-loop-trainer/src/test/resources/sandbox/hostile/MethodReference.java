// EXPECT kind=UNSUPPORTED line=8 column=35 mentions="method references (X::m) are not supported"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class MethodReference implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        PreferenceLoss inner = Ops::logRatioDifference;
        return Ops.logSigmoid(inner.compute(batch)).neg();
    }
}
