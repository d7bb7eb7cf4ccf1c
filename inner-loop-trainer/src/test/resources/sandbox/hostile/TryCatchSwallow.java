// EXPECT kind=FORBIDDEN line=8 column=9 mentions="must not swallow errors"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class TryCatchSwallow implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        try {
            return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
        } catch (RuntimeException e) {
            return batch.policyChosenLogps().zerosLike();
        }
    }
}
