// EXPECT kind=FORBIDDEN line=8 column=9 mentions="local variable 's' of type String is not allowed"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class StringDoublingLocals implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        String s = "ab";
        s = s + s;
        s = s + s;
        s = s + s;
        if (s.length() < 0) {
            throw new IllegalStateException(s);
        }
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
