// EXPECT kind=FORBIDDEN line=8 column=9 mentions="synchronized"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class SynchronizedBlock implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        synchronized (this) {
            return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
        }
    }
}
