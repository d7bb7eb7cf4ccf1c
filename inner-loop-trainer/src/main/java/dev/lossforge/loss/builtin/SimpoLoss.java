package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * SimPO: a reference-free logistic loss on the difference of length-averaged log-probabilities,
 * with a target margin γ.
 *
 * <pre>
 * loss = ℓ(β·(a_w/|y_w| − a_l/|y_l|) − γ),   ℓ(z) = softplus(−z),   γ = (γ/β)·β
 * </pre>
 *
 * <p>Paper: "SimPO: Simple Preference Optimization with a Reference-Free Reward", Yu Meng et al.,
 * 2024, arXiv:2405.14734.
 *
 * <p>LOSSES.md: γ/β = 0.5. SimPO's own β is large (2.0–2.5); the task's β is used as given, so
 * with a DPO-sized β this loss is weaker than in the paper. The reference log-probabilities are
 * not used.
 */
public final class SimpoLoss implements PreferenceLoss {

    /** The target margin γ as a multiple of β. */
    public static final double GAMMA_OVER_BETA = 0.5;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray chosen = batch.policyChosenLogps().div(batch.chosenLengths());
        NDArray rejected = batch.policyRejectedLogps().div(batch.rejectedLengths());
        NDArray logits = chosen.sub(rejected).mul(batch.beta()).sub(GAMMA_OVER_BETA * batch.beta());
        return Ops.softplus(logits.neg());
    }
}
