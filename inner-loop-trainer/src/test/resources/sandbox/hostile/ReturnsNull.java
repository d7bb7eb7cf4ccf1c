// EXPECT kind=SMOKE_TEST mentions="compute returned null"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class ReturnsNull implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        return null;
    }
}
