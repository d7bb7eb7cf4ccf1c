// EXPECT kind=FORBIDDEN line=12 column=46 mentions="recursion is not allowed: halve calls halve"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class RecursionThroughCast implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        return Ops.logSigmoid(((RecursionThroughCast) this).halve(Ops.logRatioDifference(batch))).neg();
    }

    NDArray halve(NDArray x) {
        return ((RecursionThroughCast) this).halve(x.mul(0.5));
    }
}
