package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * APO-down: anchored preference optimization that lowers the chosen likelihood and lowers the
 * rejected one more, for a model that already outperforms the chosen answers.
 *
 * <pre>
 * loss = σ(βh_w) + (1 − σ(βΔ)),   h = a − r,   Δ = h_w − h_l
 * </pre>
 *
 * <p>Paper: "Anchored Preference Optimization and Contrastive Revisions: Addressing
 * Underspecification in Alignment", Karel D'Oosterlinck et al., 2024, arXiv:2408.06266.
 *
 * <p>LOSSES.md: "anchored PO". 1 − σ(z) is computed as σ(−z).
 */
public final class ApoDownLoss implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray chosen = Ops.chosenLogRatio(batch).mul(batch.beta());
        NDArray logits = Ops.logRatioDifference(batch).mul(batch.beta());
        return Ops.sigmoid(chosen).add(Ops.sigmoid(logits.neg()));
    }
}
