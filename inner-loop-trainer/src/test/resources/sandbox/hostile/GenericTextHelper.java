// EXPECT kind=FORBIDDEN line=14 column=26 mentions="generic type parameters are not allowed (T)"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class GenericTextHelper implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        Double seed = Double.valueOf(1.0);
        return Ops.logSigmoid(rho).neg().add(twice(twice(twice(seed))).hashCode() * 0.0);
    }

    // a type variable carries text past the rule against String locals
    private static <T> T twice(T value) {
        return (T) (value.toString() + value.toString());
    }
}
