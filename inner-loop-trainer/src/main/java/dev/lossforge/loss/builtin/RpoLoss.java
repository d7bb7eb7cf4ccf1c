package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * RPO: DPO plus a small SFT term on the chosen response, which guards against
 * over-optimization.
 *
 * <pre>
 * loss = ℓ(βΔ) − η·β·a_w,   ℓ(z) = softplus(−z)
 * </pre>
 *
 * <p>Paper: "Provably Mitigating Overoptimization in RLHF: Your SFT Loss is Implicitly an
 * Adversarial Regularizer", Zhihan Liu et al., 2024, arXiv:2405.16436.
 *
 * <p>LOSSES.md: η = 0.005; as in the official RPO code the SFT term uses the summed
 * log-probability a_w of the chosen response (not a token mean), scaled by η·β.
 */
public final class RpoLoss implements PreferenceLoss {

    /** Weight of the SFT term, relative to β. */
    public static final double ETA = 0.005;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray logits = Ops.logRatioDifference(batch).mul(batch.beta());
        NDArray sft = batch.policyChosenLogps().mul(ETA * batch.beta());
        return Ops.softplus(logits.neg()).sub(sft);
    }
}
