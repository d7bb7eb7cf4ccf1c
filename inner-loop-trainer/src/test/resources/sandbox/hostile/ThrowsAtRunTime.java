// EXPECT kind=SMOKE_TEST line=9 mentions="threw IllegalStateException: not implemented yet"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class ThrowsAtRunTime implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        if (batch.size() > 0) {
            throw new IllegalStateException("not implemented yet");
        }
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
