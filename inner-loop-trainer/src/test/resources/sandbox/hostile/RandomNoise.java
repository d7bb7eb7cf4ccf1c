// EXPECT kind=FORBIDDEN line=8 column=36 mentions="non-deterministic"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class RandomNoise implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        double jitter = 1.0 + Math.random();
        return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(jitter)).neg();
    }
}
