// EXPECT kind=SYNTAX line=8 column=5 mentions="';' expected"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class SyntaxError implements PreferenceLoss {
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch)
    }
}
