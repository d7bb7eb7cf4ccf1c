// EXPECT kind=FORBIDDEN line=8 column=25 mentions="must be initialised with a single string literal"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class StringConstantDoubling implements PreferenceLoss {
    // the compiler folds constants: thirty of these would build 2^30 characters while compiling
    static final String A = "aa";
    static final String B = A + A;
    static final String C = B + B;
    static final String D = C + C;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        if (batch.beta() < 0) {
            throw new IllegalArgumentException(D);
        }
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
