package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * AQL, the adaptive quantile loss discovered by DiscoPOP: a per-pair gate between the logistic
 * and the hinge loss, centred by a statistic of the whole batch.
 *
 * <pre>
 * x = βΔ,   z = x/τ
 * m = 0.5 + 0.01·(σ(mean_B(z)) − 0.5)
 * q = σ(−(z − m))
 * loss = q·ℓ(x) + (1 − q)·max(0, 1 − x),   ℓ(z) = softplus(−z)
 * </pre>
 *
 * <p>Paper: "Discovering Preference Optimization Algorithms with and for Large Language Models",
 * Chris Lu et al., 2024, arXiv:2406.08414.
 *
 * <p>LOSSES.md: τ = 0.05; "uses batch statistics". <b>Batch statistics:</b> m is a mean over the
 * batch, so the value for one pair depends on the rest of the batch, and the gradient of the
 * batch's loss with respect to one pair also flows through m (it is not detached). 1 − q is
 * computed as σ(z − m).
 */
public final class AqlLoss implements PreferenceLoss {

    /** Temperature that scales x before the gate. */
    public static final double TAU = 0.05;

    /** Centre of the gate's threshold m. */
    public static final double CENTER = 0.5;

    /** How far the batch mean can move m away from CENTER (±half of this). */
    public static final double ADAPT = 0.01;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray logits = Ops.logRatioDifference(batch).mul(batch.beta());
        NDArray scaled = logits.div(TAU);
        NDArray threshold = Ops.sigmoid(scaled.mean()).sub(0.5).mul(ADAPT).add(CENTER);
        NDArray offset = scaled.sub(threshold);
        NDArray logisticWeight = Ops.sigmoid(offset.neg());
        NDArray hingeWeight = Ops.sigmoid(offset);
        return logisticWeight.mul(Ops.softplus(logits.neg())).add(hingeWeight.mul(Ops.hinge(logits)));
    }
}
