// EXPECT kind=FORBIDDEN line=8 column=16 mentions="must not create instances of its own class"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class SelfInstantiation implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        return new SelfInstantiation().compute(batch);
    }
}
