// EXPECT kind=NOT_A_LOSS line=8 column=12 mentions="public constructor without parameters"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class NoPublicConstructor implements PreferenceLoss {
    private final double scale;

    public NoPublicConstructor(double scale) {
        this.scale = scale;
    }

    @Override
    public NDArray compute(PreferenceBatch batch) {
        return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(scale)).neg();
    }
}
