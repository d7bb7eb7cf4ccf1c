// EXPECT kind=UNSUPPORTED line=8 column=9 mentions="write an explicit type instead of var"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class VarKeyword implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        var rho = Ops.logRatioDifference(batch);
        return Ops.logSigmoid(rho.mul(batch.beta())).neg();
    }
}
