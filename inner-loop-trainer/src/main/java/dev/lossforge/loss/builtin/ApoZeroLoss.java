package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * APO-zero: anchored preference optimization that raises the chosen and lowers the rejected
 * likelihood, each against the reference.
 *
 * <pre>
 * loss = (1 − σ(βh_w)) + σ(βh_l),   h = a − r
 * </pre>
 *
 * <p>Paper: "Anchored Preference Optimization and Contrastive Revisions: Addressing
 * Underspecification in Alignment", Karel D'Oosterlinck et al., 2024, arXiv:2408.06266.
 *
 * <p>LOSSES.md: "anchored PO". 1 − σ(z) is computed as σ(−z), exact where σ(z) rounds to 1.
 */
public final class ApoZeroLoss implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray chosen = Ops.chosenLogRatio(batch).mul(batch.beta());
        NDArray rejected = Ops.rejectedLogRatio(batch).mul(batch.beta());
        return Ops.sigmoid(chosen.neg()).add(Ops.sigmoid(rejected));
    }
}
