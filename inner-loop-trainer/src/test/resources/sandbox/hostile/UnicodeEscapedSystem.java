// EXPECT kind=FORBIDDEN line=8 mentions="System"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class UnicodeEscapedSystem implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        \u0053ystem.exit(3);
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
