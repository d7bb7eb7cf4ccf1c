// EXPECT kind=FORBIDDEN line=11 column=12 mentions="nested types are not allowed"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class NestedClass implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        return Helper.scaled(Ops.logRatioDifference(batch));
    }

    static class Helper {
        static NDArray scaled(NDArray x) {
            return Ops.logSigmoid(x).neg();
        }
    }
}
