package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * DBAQL, the dynamic blended adaptive quantile loss discovered by DiscoPOP: the spread of the
 * batch decides between a tempered logistic loss and an exponential loss.
 *
 * <pre>
 * x = βΔ,   z = x/τ
 * w = σ(var_B(z))
 * loss = w·ℓ(x/0.9) + (1 − w)·e^(−0.9·x),   ℓ(z) = softplus(−z)
 * </pre>
 *
 * <p>Paper: "Discovering Preference Optimization Algorithms with and for Large Language Models",
 * Chris Lu et al., 2024, arXiv:2406.08414.
 *
 * <p>LOSSES.md: τ = 0.05; "batch statistics". <b>Batch statistics:</b> the variance is taken over
 * the batch, so one pair's value depends on the rest of the batch and gradients flow through it.
 * var_B is PyTorch's default {@code torch.var}: unbiased, divisor B − 1; a batch of one pair has
 * variance 0 (divisor max(B − 1, 1); torch.var gives NaN), so w = 0.5.
 *
 * <p>Numerics: (1 − w)·e^(−0.9x) is computed as exp(log σ(−var) − 0.9x), since a wide batch
 * makes 1 − w round to 0 while e^(−0.9x) overflows, and the naive product would be 0·∞ = NaN
 * where the true value is tiny. Where the true value itself exceeds the largest double
 * (0.9x below about −709 − softplus(var)), the loss is +∞, as the formula says, and gradients
 * there are not finite (±∞, or NaN through the variance when all pairs are equal); the trainer
 * reports such a run as diverged.
 */
public final class DbaqlLoss implements PreferenceLoss {

    /** Temperature that scales x inside the variance. */
    public static final double TAU = 0.05;

    /** Temperature of the two branches: ℓ(x/T) and e^(−T·x). */
    public static final double TEMPERATURE = 0.9;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray logits = Ops.logRatioDifference(batch).mul(batch.beta());
        NDArray scaled = logits.div(TAU);
        NDArray variance = scaled.sub(scaled.mean()).square().sum().div(Math.max(batch.size() - 1.0, 1.0));
        NDArray logistic = Ops.sigmoid(variance).mul(Ops.softplus(logits.div(TEMPERATURE).neg()));
        NDArray exponential = Ops.logSigmoid(variance.neg()).sub(logits.mul(TEMPERATURE)).exp();
        return logistic.add(exponential);
    }
}
