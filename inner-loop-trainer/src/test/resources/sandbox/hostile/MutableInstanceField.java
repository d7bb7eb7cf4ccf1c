// EXPECT kind=FORBIDDEN line=6 column=21 mentions="mutable instance field 'previous'"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class MutableInstanceField implements PreferenceLoss {
    private NDArray previous;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        previous = batch.policyChosenLogps();
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
