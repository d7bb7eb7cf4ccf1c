package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * LRML ("DiscoPOP"), the log-ratio modulated loss: a sigmoid gate blends the logistic loss and
 * an exponential loss.
 *
 * <pre>
 * x = βΔ
 * loss = (1 − σ(x/τ))·ℓ(x) + σ(x/τ)·e^(−x),   ℓ(z) = softplus(−z)
 * </pre>
 *
 * <p>Paper: "Discovering Preference Optimization Algorithms with and for Large Language Models",
 * Chris Lu et al., 2024, arXiv:2406.08414 (the loss it names DiscoPOP).
 *
 * <p>LOSSES.md: τ = 0.05; at β = 0.05, f(Δ=0) = 0.846574, a local minimum near Δ ≈ −2.371
 * (0.785924) and a local maximum near Δ ≈ 1.440 (0.878290).
 *
 * <p>Numerics: the naive product σ(x/τ)·e^(−x) is 0·∞ = NaN for x below about −709 (float64),
 * although it tends to 0 there. It is computed as exp(log σ(x/τ) − x), whose exponent never
 * exceeds −0.19 for τ = 0.05, and 1 − σ(x/τ) as σ(−x/τ); so values and gradients are finite for
 * every finite x. (With τ above 1 the true value itself would overflow for very negative x.)
 */
public final class LrmlLoss implements PreferenceLoss {

    /** Temperature of the gate σ(x/τ). */
    public static final double TAU = 0.05;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray logits = Ops.logRatioDifference(batch).mul(batch.beta());
        NDArray gate = logits.div(TAU);
        NDArray logistic = Ops.sigmoid(gate.neg()).mul(Ops.softplus(logits.neg()));
        NDArray exponential = Ops.logSigmoid(gate).sub(logits).exp();
        return logistic.add(exponential);
    }
}
