// EXPECT kind=FORBIDDEN line=8 column=30 mentions="class literal"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class ClassLiteral implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        Object type = String.class;
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
