// EXPECT kind=FORBIDDEN line=9 column=38 mentions="NDArray.muli modifies an array in place"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class InPlaceMutation implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        // corrupts the reference log-probabilities the trainer reuses every step
        batch.referenceChosenLogps().muli(0.0);
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
