// EXPECT kind=SMOKE_TEST mentions="NaN"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class NotANumber implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray zero = Ops.logRatioDifference(batch).mul(0.0);
        return zero.div(zero);
    }
}
