// EXPECT kind=FORBIDDEN line=10 column=52 mentions="String methods are not allowed (replace)"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class ChainedReplace implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        if (batch.beta() < 0) {
            // every replace doubles the a's: no variable needed
            throw new IllegalArgumentException("a".replace("a", "aa").replace("a", "aa").replace("a", "aa"));
        }
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
