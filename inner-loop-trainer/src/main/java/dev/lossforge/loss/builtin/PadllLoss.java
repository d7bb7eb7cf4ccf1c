package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * PADLL, the performance-adaptive decay logistic loss discovered by DiscoPOP: a logistic loss
 * whose weight halves on pairs the policy currently gets wrong.
 *
 * <pre>
 * x = βΔ
 * loss = 0.9·(1 − 0.5·[Δ &lt; 0])·ℓ(x),   ℓ(z) = softplus(−z)
 * </pre>
 *
 * <p>Paper: "Discovering Preference Optimization Algorithms with and for Large Language Models",
 * Chris Lu et al., 2024, arXiv:2406.08414.
 *
 * <p>LOSSES.md: as given. The indicator [Δ &lt; 0] has no gradient; at Δ = 0 exactly the full
 * weight 0.9 applies, so the loss jumps there (from 0.45·log 2 to 0.9·log 2).
 */
public final class PadllLoss implements PreferenceLoss {

    /** Weight of the logistic loss on pairs with Δ ≥ 0. */
    public static final double SCALE = 0.9;

    /** Factor by which pairs with Δ &lt; 0 are down-weighted: the weight there is SCALE·(1 − this). */
    public static final double DECAY = 0.5;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray margin = Ops.logRatioDifference(batch);
        NDArray logistic = Ops.softplus(margin.mul(batch.beta()).neg()).mul(SCALE);
        return NDArrays.where(margin.lt(0.0), logistic.mul(1.0 - DECAY), logistic);
    }
}
