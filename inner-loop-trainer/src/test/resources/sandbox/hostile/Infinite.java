// EXPECT kind=SMOKE_TEST mentions="+Infinity"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class Infinite implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        // exp(1000 * length) overflows float64 for every pair
        return Ops.logRatioDifference(batch).add(batch.chosenLengths().mul(1000.0).exp());
    }
}
