// EXPECT kind=FORBIDDEN line=9 column=9 mentions="vectorised NDArray operations"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class InfiniteLoop implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        double spin = 0;
        while (true) {
            spin += 1;
        }
    }
}
