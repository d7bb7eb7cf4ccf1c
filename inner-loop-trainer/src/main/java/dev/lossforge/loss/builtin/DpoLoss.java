package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * DPO, the logistic loss on the scaled log-ratio difference.
 *
 * <pre>
 * loss = ℓ(βΔ) = −log σ(βΔ) = softplus(−βΔ)
 * Δ = (a_w − r_w) − (a_l − r_l)
 * </pre>
 *
 * <p>Paper: "Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
 * Rafael Rafailov et al., 2023, arXiv:2305.18290.
 *
 * <p>LOSSES.md: the reference loss ("Rafailov et al. 2023"); every candidate is compared with it.
 * softplus never forms e^x for large x, so values and gradients stay finite for any finite Δ.
 */
public final class DpoLoss implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray logits = Ops.scale(Ops.logRatioDifference(batch), batch.beta());
        return Ops.softplus(logits.neg());
    }
}
