// EXPECT kind=FORBIDDEN line=10 column=9 mentions="of type Object is not allowed"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class ObjectHoldsText implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        // an Object local holds a String as well: text + text doubles it
        Object text = rho.toString();
        text = text.toString() + text;
        text = text.toString() + text;
        return Ops.logSigmoid(rho).neg().add(text.hashCode() * 0.0);
    }
}
