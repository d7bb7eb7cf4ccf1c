// EXPECT kind=FORBIDDEN line=9 column=40 mentions="close() is not allowed: a loss must never close arrays or managers"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class CloseBatchArray implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray loss = Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
        batch.referenceRejectedLogps().close();
        return loss;
    }
}
