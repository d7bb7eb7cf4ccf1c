// EXPECT kind=FORBIDDEN line=11 column=12 mentions="native"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class NativeMethod implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }

    public native void escape();
}
