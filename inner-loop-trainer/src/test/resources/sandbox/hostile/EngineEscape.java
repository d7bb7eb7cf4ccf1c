// EXPECT kind=FORBIDDEN line=8 column=61 mentions="NDManager.getEngine"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class EngineEscape implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        int handle = batch.policyChosenLogps().getManager().getEngine().hashCode();
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
