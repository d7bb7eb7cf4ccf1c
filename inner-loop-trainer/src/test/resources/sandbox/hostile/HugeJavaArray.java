// EXPECT kind=FORBIDDEN line=8 column=47 mentions="array sizes must be integer literals"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class HugeJavaArray implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        double[] ballast = new double[Integer.MAX_VALUE - 8];
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
