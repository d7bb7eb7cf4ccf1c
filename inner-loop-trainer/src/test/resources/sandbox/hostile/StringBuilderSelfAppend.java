// EXPECT kind=FORBIDDEN line=8 column=9 mentions="local variable 'sb' of type StringBuilder is not allowed"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class StringBuilderSelfAppend implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        StringBuilder sb = new StringBuilder("ab");
        sb.append(sb);
        sb.append(sb);
        sb.append(sb);
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg().add(sb.length() * 0.0);
    }
}
