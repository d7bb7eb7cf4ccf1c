import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/** PFL (DiscoPOP): l(x)/2 where the policy prefers the chosen response, else 2 max(0, 1 - x); x = beta rho. */
public class WhereLoss implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray x = Ops.logRatioDifference(batch).mul(batch.beta());
        NDArray prefersChosen = batch.policyChosenLogps().gt(batch.policyRejectedLogps());
        NDArray logistic = Ops.logSigmoid(x).neg().mul(0.5);
        NDArray hinge = Ops.hinge(x).mul(2.0);
        return NDArrays.where(prefersChosen, logistic, hinge);
    }
}
