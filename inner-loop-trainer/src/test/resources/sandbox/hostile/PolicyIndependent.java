// EXPECT kind=SMOKE_TEST mentions="cannot train the policy: the loss does not depend on policyChosenLogps or policyRejectedLogps"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class PolicyIndependent implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray referenceMargin = batch.referenceChosenLogps().sub(batch.referenceRejectedLogps());
        return Ops.logSigmoid(referenceMargin.mul(batch.beta())).neg();
    }
}
