// EXPECT kind=FORBIDDEN line=11 column=55 mentions="String methods are not allowed (join)"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class StringJoin implements PreferenceLoss {
    static final String PIECE = "abcdefgh";

    @Override
    public NDArray compute(PreferenceBatch batch) {
        if (batch.beta() < 0) {
            throw new IllegalArgumentException(String.join(PIECE, PIECE, PIECE, PIECE));
        }
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
