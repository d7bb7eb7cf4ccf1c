// EXPECT kind=FORBIDDEN line=10 column=35 mentions="NDManager.newBaseManager"
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lossforge.loss.*;

public class NewBaseManagerLeak implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        // never closed: native memory grows with every training step
        NDManager own = NDManager.newBaseManager();
        NDArray half = own.create(0.5);
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg().mul(half);
    }
}
