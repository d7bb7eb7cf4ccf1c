// EXPECT kind=FORBIDDEN line=16 column=16 mentions="ping calls pong"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class MutualRecursion implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        return ping(Ops.logRatioDifference(batch));
    }

    private static NDArray ping(NDArray x) {
        return pong(x.mul(0.5));
    }

    private static NDArray pong(NDArray x) {
        return ping(x.add(1.0));
    }
}
