// EXPECT kind=FORBIDDEN line=8 column=9 mentions="local variable 'ballast' of type StringBuilder is not allowed"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class StringBuilderBallast implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        StringBuilder ballast = new StringBuilder(Integer.MAX_VALUE - 16);
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg().add(ballast.length());
    }
}
