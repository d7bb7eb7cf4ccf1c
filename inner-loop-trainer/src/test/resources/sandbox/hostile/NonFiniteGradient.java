// EXPECT kind=SMOKE_TEST mentions="gradient with respect to policyChosenLogps is NaN"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class NonFiniteGradient implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        // value 0 everywhere, but d/dx sqrt(0 * x) = 0 * inf = NaN
        return Ops.logRatioDifference(batch).mul(0.0).sqrt();
    }
}
