// EXPECT kind=FORBIDDEN line=8 column=42 mentions="the DJL engine, devices and training classes are not available"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class FullyQualifiedEngine implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        Object collector = ai.djl.engine.Engine.getInstance().newGradientCollector();
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
