// EXPECT kind=FORBIDDEN line=12 column=15 mentions="Shape.addAll grows a Java object"
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.lossforge.loss.*;

public class ShapeDoubling implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        // each addAll doubles the shape's long[]: 30 statements are 8 GiB of Java heap
        Shape s = rho.getShape();
        s = s.addAll(s);
        s = s.addAll(s);
        s = s.addAll(s);
        return Ops.logSigmoid(rho).neg().add(s.dimension() * 0.0);
    }
}
