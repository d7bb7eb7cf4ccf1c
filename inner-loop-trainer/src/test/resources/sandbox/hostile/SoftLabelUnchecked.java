// EXPECT kind=SMOKE_TEST line=10 mentions="check batch.hasSoftLabel()"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class SoftLabelUnchecked implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray logits = Ops.logRatioDifference(batch).mul(batch.beta());
        NDArray label = batch.softLabel();
        return Ops.logSigmoid(logits).mul(label).add(Ops.logSigmoid(logits.neg()).mul(label.neg().add(1.0))).neg();
    }
}
