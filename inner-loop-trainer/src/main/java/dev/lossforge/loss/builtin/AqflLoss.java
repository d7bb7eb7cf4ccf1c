package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * AQFL, the adaptive quantile feedback loss discovered by DiscoPOP: blends the logistic and
 * the hinge loss by each pair's distance from a batch-adaptive centre.
 *
 * <pre>
 * x = βΔ,   z = x/τ
 * m1 = std_B(z)·mean_B(σ(−z))
 * m2 = m1 + 0.05·(σ(mean_B(z)) − m1)
 * r  = σ(0.1·|z − m2|)
 * loss = r·ℓ(x) + (1 − r)·max(0, 1 − x),   ℓ(z) = softplus(−z)
 * </pre>
 *
 * <p>Paper: "Discovering Preference Optimization Algorithms with and for Large Language Models",
 * Chris Lu et al., 2024, arXiv:2406.08414.
 *
 * <p>LOSSES.md: τ = 0.05; "released code uses std; batch statistics". <b>Batch statistics:</b>
 * the mean and standard deviation are taken over the batch, so one pair's value depends on the
 * rest of the batch, and gradients flow through the statistics (nothing is detached).
 *
 * <p>std_B is PyTorch's default {@code torch.std}: the unbiased estimate with divisor B − 1.
 * Two choices keep it finite where PyTorch is not: a batch of one pair has spread 0 (divisor
 * max(B − 1, 1); torch.std gives NaN), and where the spread is exactly 0 (every pair has the same
 * x, as at the first training step when policy = reference) the gradient through std is taken as
 * 0, a subgradient, instead of PyTorch's 0·∞ = NaN. 1 − r is computed as σ(−0.1·|z − m2|).
 */
public final class AqflLoss implements PreferenceLoss {

    /** Temperature that scales x. */
    public static final double TAU = 0.05;

    /** Step from m1 towards σ(mean_B(z)). */
    public static final double MIX = 0.05;

    /** Slope of the blend r in |z − m2|. */
    public static final double SHARPNESS = 0.1;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray logits = Ops.logRatioDifference(batch).mul(batch.beta());
        NDArray scaled = logits.div(TAU);
        NDArray firstCentre = spread(scaled, batch.size()).mul(Ops.sigmoid(scaled.neg()).mean());
        NDArray centre = firstCentre.add(Ops.sigmoid(scaled.mean()).sub(firstCentre).mul(MIX));
        NDArray distance = scaled.sub(centre).abs().mul(SHARPNESS);
        NDArray logisticWeight = Ops.sigmoid(distance);
        NDArray hingeWeight = Ops.sigmoid(distance.neg());
        return logisticWeight.mul(Ops.softplus(logits.neg())).add(hingeWeight.mul(Ops.hinge(logits)));
    }

    /** Unbiased standard deviation over the batch, with a finite gradient at zero spread. */
    private static NDArray spread(NDArray values, int size) {
        NDArray variance = values.sub(values.mean()).square().sum().div(Math.max(size - 1.0, 1.0));
        NDArray positive = variance.gt(0.0);
        // sqrt has an infinite slope at 0: feed it 1 there and select 0, so no 0·∞ reaches backward
        NDArray safe = NDArrays.where(positive, variance, variance.onesLike());
        return NDArrays.where(positive, safe.sqrt(), variance.zerosLike());
    }
}
