// EXPECT kind=FORBIDDEN line=8 column=9 mentions="Runtime"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class ProcessExec implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        Runtime.getRuntime().exec("rm -rf /tmp/lossforge");
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
