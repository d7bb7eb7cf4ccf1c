// EXPECT kind=FORBIDDEN line=9 column=13 mentions="System"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class SystemExit implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        if (batch.size() > 0) {
            System.exit(3);
        }
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
