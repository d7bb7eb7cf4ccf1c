package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * CELL, the combined exponential and logistic loss discovered by DiscoPOP.
 *
 * <pre>
 * x = βΔ
 * loss = ½·ℓ(x) + ½·e^(−x),   ℓ(z) = softplus(−z)
 * </pre>
 *
 * <p>Paper: "Discovering Preference Optimization Algorithms with and for Large Language Models",
 * Chris Lu et al., 2024, arXiv:2406.08414.
 *
 * <p>LOSSES.md: as given, no constants. Overflow is the formula's own: e^(−x) exceeds the
 * largest double for x below about −709.78 (float32: −88.72), and there the loss is +∞ and its
 * gradient with respect to a_w is −∞ (the true values are finite but not representable);
 * nothing multiplies that ∞ by 0, so no NaN arises. The trainer reports such a run as diverged.
 */
public final class CellLoss implements PreferenceLoss {

    /** Weight of the logistic term; the exponential term gets 1 − this. */
    public static final double LOGISTIC_WEIGHT = 0.5;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray logits = Ops.logRatioDifference(batch).mul(batch.beta());
        NDArray logistic = Ops.softplus(logits.neg()).mul(LOGISTIC_WEIGHT);
        NDArray exponential = logits.neg().exp().mul(1.0 - LOGISTIC_WEIGHT);
        return logistic.add(exponential);
    }
}
