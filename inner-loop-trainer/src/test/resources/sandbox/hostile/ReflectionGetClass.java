// EXPECT kind=FORBIDDEN line=8 column=30 mentions="reflection"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class ReflectionGetClass implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        Object loader = this.getClass().getClassLoader();
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
