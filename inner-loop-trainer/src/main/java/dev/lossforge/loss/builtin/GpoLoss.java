package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * GPO (geometric-averaged DPO): DPO whose margin is scaled by the confidence of a soft label.
 *
 * <pre>
 * loss = ℓ(β·(2p̂ − 1)·Δ),   ℓ(z) = softplus(−z),   p̂ = soft label (1 when the batch has none)
 * </pre>
 *
 * <p>Paper: "Geometric-Averaged Preference Optimization for Soft Preference Labels",
 * Hiroki Furuta et al., 2024, arXiv:2409.06691.
 *
 * <p>LOSSES.md: "geometric-averaged DPO for soft labels". Without soft labels the loss is DPO;
 * at p̂ = 0.5 the pair carries no preference and the loss is the constant log 2.
 */
public final class GpoLoss implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray logits = Ops.logRatioDifference(batch).mul(batch.beta());
        if (batch.hasSoftLabel()) {
            logits = logits.mul(batch.softLabel().mul(2.0).sub(1.0));
        }
        return Ops.softplus(logits.neg());
    }
}
