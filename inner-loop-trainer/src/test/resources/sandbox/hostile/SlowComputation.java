// EXPECT kind=TIMEOUT mentions="ran longer than the time limit"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class SlowComputation implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        // no loop needed to burn time: 16 -> 2048 values, then 2048 x 2048 matrix products
        NDArray a = rho.concat(rho);
        a = a.concat(a);
        a = a.concat(a);
        a = a.concat(a);
        a = a.concat(a);
        a = a.concat(a);
        a = a.concat(a);
        NDArray m = a.reshape(-1, 1).mul(a.reshape(1, -1)).div(2048.0);
        NDArray p = m.matMul(m).matMul(m).matMul(m).matMul(m).matMul(m).matMul(m);
        return Ops.logSigmoid(rho).neg().add(p.mean().mul(0.0));
    }
}
