// EXPECT kind=TIMEOUT mentions="ran longer than the time limit"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

/** Legal, but about as slow as the sandbox allows: helpers calling helpers run almost 2000 operations per call. */
public class SlowComputation implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        NDArray busy = level6(rho).add(level5(rho)).add(level4(rho)).add(level3(rho));
        return Ops.logSigmoid(rho).neg().add(busy.mul(0.0));
    }

    private static NDArray level6(NDArray x) {
        return level5(level5(x));
    }

    private static NDArray level5(NDArray x) {
        return level4(level4(x));
    }

    private static NDArray level4(NDArray x) {
        return level3(level3(x));
    }

    private static NDArray level3(NDArray x) {
        return level2(level2(x));
    }

    private static NDArray level2(NDArray x) {
        return level1(level1(x));
    }

    private static NDArray level1(NDArray x) {
        return leaf(leaf(x));
    }

    private static NDArray leaf(NDArray x) {
        NDArray y = x.tanh().sort().flip(0).cumSum().softmax(0);
        return y.exp().log().sqrt().square().abs().neg().neg().sin().asin().tanh();
    }
}
