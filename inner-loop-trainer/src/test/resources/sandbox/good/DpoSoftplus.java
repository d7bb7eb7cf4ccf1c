package lossforge.candidates;

import ai.djl.ndarray.*;
import dev.lossforge.loss.*;

/** DPO again, written differently: softplus(-(beta h_w - beta h_l)). */
public class DpoSoftplus implements PreferenceLoss {

    public DpoSoftplus() {
    }

    @Override
    public NDArray compute(PreferenceBatch b) {
        NDArray chosen = b.policyChosenLogps().sub(b.referenceChosenLogps()).mul(b.beta());
        NDArray rejected = b.policyRejectedLogps().sub(b.referenceRejectedLogps()).mul(b.beta());
        return Ops.softplus(chosen.sub(rejected).neg());
    }
}
