// EXPECT kind=FORBIDDEN line=6 column=5 mentions="static initialiser blocks"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class StaticInitializer implements PreferenceLoss {
    static {
        ai.djl.ndarray.NDManager leaked = ai.djl.ndarray.NDManager.newBaseManager();
    }

    @Override
    public NDArray compute(PreferenceBatch batch) {
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
