// EXPECT kind=FORBIDDEN line=11 column=54 mentions="String methods are not allowed (concat)"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class StringConcatChain implements PreferenceLoss {
    static final String PIECE = "abcdefgh";

    @Override
    public NDArray compute(PreferenceBatch batch) {
        if (batch.beta() < 0) {
            throw new IllegalArgumentException(PIECE.concat(PIECE).concat(PIECE));
        }
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
