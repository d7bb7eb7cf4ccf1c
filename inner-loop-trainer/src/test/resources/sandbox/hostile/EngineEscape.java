// EXPECT kind=FORBIDDEN line=8 column=64 mentions="NDManager.getEngine"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class EngineEscape implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        Object engine = batch.policyChosenLogps().getManager().getEngine();
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
