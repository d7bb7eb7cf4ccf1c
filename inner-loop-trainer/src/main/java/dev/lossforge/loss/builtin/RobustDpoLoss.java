package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * Robust DPO (rDPO): an unbiased DPO loss when a fraction ε of the labels is flipped.
 *
 * <pre>
 * loss = [(1 − ε)·ℓ(βΔ) − ε·ℓ(−βΔ)] / (1 − 2ε),   ℓ(z) = softplus(−z)
 * </pre>
 *
 * <p>Paper: "Provably Robust DPO: Aligning Language Models with Noisy Feedback",
 * Sayak Ray Chowdhury et al., 2024, arXiv:2403.00409.
 *
 * <p>LOSSES.md: ε = 0.1 ("rDPO, Chowdhury et al. 2024"). The per-example value can be negative:
 * the −ε·ℓ(−βΔ) term is what removes the bias of flipped labels.
 */
public final class RobustDpoLoss implements PreferenceLoss {

    /** Assumed probability that a preference label is flipped; must stay below 0.5. */
    public static final double EPSILON = 0.1;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray logits = Ops.logRatioDifference(batch).mul(batch.beta());
        NDArray agree = Ops.softplus(logits.neg()).mul(1.0 - EPSILON);
        NDArray flipped = Ops.softplus(logits).mul(EPSILON);
        return agree.sub(flipped).div(1.0 - 2.0 * EPSILON);
    }
}
