// EXPECT kind=FORBIDDEN line=8 column=26 mentions="Class"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class ReflectionForName implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        Object runtime = Class.forName("java.lang.Runtime");
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
