package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * Cal-DPO: an unscaled logistic loss on Δ plus squared terms that calibrate the implicit
 * rewards to ±1/(2β).
 *
 * <pre>
 * loss = ℓ(Δ) + (h_w − 1/(2β))² + (h_l + 1/(2β))²,   ℓ(z) = softplus(−z),   h = a − r
 * </pre>
 *
 * <p>Paper: "Cal-DPO: Calibrated Direct Preference Optimization for Language Model Alignment",
 * Teng Xiao et al., 2024, arXiv:2412.14516.
 *
 * <p>LOSSES.md: "official Cal-DPO code: no β inside ℓ" (the paper writes ℓ(βΔ)).
 */
public final class CalDpoLoss implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        double target = 1.0 / (2.0 * batch.beta());
        NDArray contrastive = Ops.softplus(Ops.logRatioDifference(batch).neg());
        NDArray chosen = Ops.chosenLogRatio(batch).sub(target).square();
        NDArray rejected = Ops.rejectedLogRatio(batch).add(target).square();
        return contrastive.add(chosen).add(rejected);
    }
}
