package dev.lossforge.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Numerically stable building blocks for losses.
 *
 * <p>Every function here gives finite values and finite gradients for |x| up to 1e4: they use
 * libtorch's own {@code softplus} and {@code sigmoid} kernels, which never form {@code exp(x)}
 * for large x. A naive {@code log(1 + exp(x))} overflows at x = 89 in float32.
 */
public final class Ops {

    private Ops() {
    }

    /**
     * x · factor, safe to differentiate. DJL's {@code x.mul(double)} wraps the factor in a
     * tensor over a Java direct buffer and frees that tensor as soon as the product exists, but
     * autograd keeps the factor for the backward pass: if the JVM collects the buffer in between,
     * the backward pass reads freed memory (malloc's free-list pointer, a denormal: the gradient
     * through the product becomes 0) and training depends on when the GC ran. Here the factor is
     * a copy in libtorch's own memory, which the graph keeps alive. Same value and dtype (float64,
     * promoted to x's type by the kernel) as {@code x.mul(factor)}.
     */
    public static NDArray scale(NDArray x, double factor) {
        try (NDArray wrapped = x.getManager().create(factor)) {
            NDArray owned = wrapped.duplicate();
            return x.mul(owned);
        }
    }

    /** sigma(x) = 1 / (1 + e^-x). */
    public static NDArray sigmoid(NDArray x) {
        return Activation.sigmoid(x);
    }

    /** softplus(x) = log(1 + e^x). */
    public static NDArray softplus(NDArray x) {
        return Activation.softPlus(x);
    }

    /** log sigma(x) = -softplus(-x). */
    public static NDArray logSigmoid(NDArray x) {
        return softplus(x.neg()).neg();
    }

    /** max(0, x). */
    public static NDArray relu(NDArray x) {
        return Activation.relu(x);
    }

    /** max(0, 1 - x): the SLiC hinge at margin 1. */
    public static NDArray hinge(NDArray x) {
        return relu(x.neg().add(1.0));
    }

    /** h_w = log pi(y_w) - log pi_ref(y_w). */
    public static NDArray chosenLogRatio(PreferenceBatch batch) {
        return batch.policyChosenLogps().sub(batch.referenceChosenLogps());
    }

    /** h_l = log pi(y_l) - log pi_ref(y_l). */
    public static NDArray rejectedLogRatio(PreferenceBatch batch) {
        return batch.policyRejectedLogps().sub(batch.referenceRejectedLogps());
    }

    /** rho = h_w - h_l, the log-ratio difference that DPO scales by beta. */
    public static NDArray logRatioDifference(PreferenceBatch batch) {
        return chosenLogRatio(batch).sub(rejectedLogRatio(batch));
    }

    /**
     * log(1 - e^x) for x &lt; 0, as ORPO's log-odds need it. Inputs are clamped to at most -1e-6
     * first: a log-probability cannot be positive, and at 0 the value is -infinity.
     */
    public static NDArray log1mexp(NDArray x) {
        // DJL has no expm1; the direct form is exact enough for the mean token log-probabilities
        // ORPO feeds it (|x| well above float epsilon), and the clamp keeps log away from 0
        return x.minimum(-1e-6).exp().neg().add(1.0).log();
    }
}
