// EXPECT kind=UNSUPPORTED line=8 column=32 mentions="lambdas are not supported by the sandbox compiler: use plain (private static) helper methods"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class Lambda implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        PreferenceLoss inner = b -> Ops.logSigmoid(Ops.logRatioDifference(b)).neg();
        return inner.compute(batch);
    }
}
