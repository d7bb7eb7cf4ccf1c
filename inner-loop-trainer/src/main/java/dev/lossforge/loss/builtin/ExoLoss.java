package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * EXO, pair form: the reverse KL from the model's preference distribution to a smoothed target.
 *
 * <pre>
 * loss = σ(βΔ)·[log σ(βΔ) − log(1 − ε)] + σ(−βΔ)·[log σ(−βΔ) − log ε]
 * </pre>
 *
 * <p>Paper: "Towards Efficient Exact Optimization of Language Model Alignment", Haozhe Ji et al.,
 * 2024, arXiv:2402.00856.
 *
 * <p>LOSSES.md: ε = 1e-3 ("EXO pair form"). log σ is taken as −softplus(−z), so at |βΔ| = 1e4
 * the vanishing weight σ multiplies a finite log and the product is 0, never NaN.
 */
public final class ExoLoss implements PreferenceLoss {

    /** Target probability given to the rejected response. */
    public static final double EPSILON = 1e-3;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray logits = Ops.logRatioDifference(batch).mul(batch.beta());
        NDArray chosenTerm = Ops.sigmoid(logits).mul(Ops.logSigmoid(logits).sub(Math.log(1.0 - EPSILON)));
        NDArray rejectedTerm = Ops.sigmoid(logits.neg()).mul(Ops.logSigmoid(logits.neg()).sub(Math.log(EPSILON)));
        return chosenTerm.add(rejectedTerm);
    }
}
