// EXPECT kind=FORBIDDEN line=9 column=39 mentions="an exception may only be created where it is thrown"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class ExceptionMessageChain implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        // each wrapper's message is the previous one's plus its class name: messages grow with every step
        IllegalStateException e = new IllegalStateException("seed");
        e = new IllegalStateException(e);
        e = new IllegalStateException(e);
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg().add(e.hashCode() * 0.0);
    }
}
