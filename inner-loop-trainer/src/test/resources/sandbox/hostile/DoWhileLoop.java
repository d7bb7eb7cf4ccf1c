// EXPECT kind=FORBIDDEN line=10 column=9 mentions="loops are not allowed"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class DoWhileLoop implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray x = Ops.logRatioDifference(batch);
        int steps = 0;
        do {
            x = x.mul(0.5);
            steps = steps + 1;
        } while (steps < 1000000000);
        return Ops.logSigmoid(x).neg();
    }
}
