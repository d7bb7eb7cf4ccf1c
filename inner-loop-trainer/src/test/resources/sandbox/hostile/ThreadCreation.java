// EXPECT kind=FORBIDDEN line=8 column=9 mentions="Thread"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class ThreadCreation implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        Thread t = new Thread();
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
