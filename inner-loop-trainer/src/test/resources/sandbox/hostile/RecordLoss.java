// EXPECT kind=UNSUPPORTED line=5 column=8 mentions="records are not supported"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public record RecordLoss(double scale) implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(scale)).neg();
    }
}
