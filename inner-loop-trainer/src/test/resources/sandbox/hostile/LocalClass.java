// EXPECT kind=FORBIDDEN line=8 column=9 mentions="local classes are not allowed"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class LocalClass implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        class Scaler {
            NDArray scale(NDArray x) {
                return x.mul(0.5);
            }
        }
        return Ops.logSigmoid(new Scaler().scale(Ops.logRatioDifference(batch))).neg();
    }
}
