// EXPECT kind=FORBIDDEN line=13 column=33 mentions="recursion"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class DeepRecursion implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        return Ops.logSigmoid(deeper(Ops.logRatioDifference(batch), 1000000)).neg();
    }

    private static NDArray deeper(NDArray x, int depth) {
        // looks bounded, but a million frames blow the stack
        return depth == 0 ? x : deeper(x, depth - 1).mul(1.0);
    }
}
