// EXPECT kind=UNSUPPORTED line=8 column=24 mentions="switch expressions"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class SwitchExpression implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        double scale = switch (batch.size()) {
            case 1 -> 2.0;
            default -> 1.0;
        };
        return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(scale)).neg();
    }
}
