// EXPECT kind=FORBIDDEN line=8 column=54 mentions="tampers with autograd"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class ReadGradient implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray previous = batch.policyChosenLogps().getGradient();
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg().add(previous);
    }
}
