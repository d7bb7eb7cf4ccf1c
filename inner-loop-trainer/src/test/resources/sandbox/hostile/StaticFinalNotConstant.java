// EXPECT kind=FORBIDDEN line=6 column=25 mentions="constant expression"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class StaticFinalNotConstant implements PreferenceLoss {
    static final double SCALE = Math.random();

    @Override
    public NDArray compute(PreferenceBatch batch) {
        return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(SCALE)).neg();
    }
}
