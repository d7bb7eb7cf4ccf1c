// EXPECT kind=FORBIDDEN line=12 column=34 mentions="NDManager.create with a Java array"
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lossforge.loss.*;

public class LiteralMatrixOuter implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDManager manager = batch.manager();
        NDArray rho = Ops.logRatioDifference(batch);
        // a [4, 1] literal against the [B] batch broadcasts to [4, B]; [k, 1] against [1, k] to [k, k]
        NDArray column = manager.create(new double[][] {{1}, {2}, {3}, {4}});
        NDArray grid = column.mul(rho);
        return Ops.logSigmoid(rho).neg().add(grid.mean().mul(0.0));
    }
}
