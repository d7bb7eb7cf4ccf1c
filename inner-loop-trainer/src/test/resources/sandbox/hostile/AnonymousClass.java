// EXPECT kind=FORBIDDEN line=8 column=32 mentions="anonymous classes are not allowed"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class AnonymousClass implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        PreferenceLoss inner = new PreferenceLoss() {
            public NDArray compute(PreferenceBatch b) {
                return Ops.logSigmoid(Ops.logRatioDifference(b)).neg();
            }
        };
        return inner.compute(batch);
    }
}
