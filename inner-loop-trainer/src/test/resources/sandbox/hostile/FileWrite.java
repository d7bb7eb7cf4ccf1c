// EXPECT kind=FORBIDDEN line=8 column=21 mentions="FileOutputStream"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class FileWrite implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        new java.io.FileOutputStream("/tmp/lossforge-owned").write(42);
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
