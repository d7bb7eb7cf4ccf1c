// EXPECT kind=FORBIDDEN line=6 column=27 mentions="mutable static field 'calls'"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class MutableStaticField implements PreferenceLoss {
    private static double calls = 0;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        calls = calls + 1;
        return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(calls)).neg();
    }
}
