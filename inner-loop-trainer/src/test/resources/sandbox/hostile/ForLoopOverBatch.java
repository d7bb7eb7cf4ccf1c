// EXPECT kind=FORBIDDEN line=9 column=9 mentions="loops are not allowed"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class ForLoopOverBatch implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray total = batch.policyChosenLogps().zerosLike();
        for (int i = 0; i < batch.size(); i++) {
            total = total.add(1.0);
        }
        return total;
    }
}
