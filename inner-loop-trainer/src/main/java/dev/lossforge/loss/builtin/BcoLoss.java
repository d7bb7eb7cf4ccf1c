package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * BCO, pair form: a binary classifier that labels the chosen response 1 and the rejected 0.
 *
 * <pre>
 * loss = ℓ(βh_w) + ℓ(−βh_l),   ℓ(z) = softplus(−z),   h = a − r
 * </pre>
 *
 * <p>Paper: "Binary Classifier Optimization for Large Language Model Alignment",
 * Seungjae Jung et al., 2024, arXiv:2404.04656.
 *
 * <p>LOSSES.md: "BCO pair form with δ = 0 (current TRL)": the reward shift δ, a running mean of
 * rewards in the paper, is left out.
 */
public final class BcoLoss implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray chosen = Ops.chosenLogRatio(batch).mul(batch.beta());
        NDArray rejected = Ops.rejectedLogRatio(batch).mul(batch.beta());
        return Ops.softplus(chosen.neg()).add(Ops.softplus(rejected));
    }
}
