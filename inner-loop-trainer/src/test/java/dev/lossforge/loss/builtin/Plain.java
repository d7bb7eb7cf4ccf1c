package dev.lossforge.loss.builtin;

/**
 * Stable scalar functions in plain doubles, written independently of {@code Ops} and libtorch,
 * for the reference implementations the built-in losses are checked against.
 */
final class Plain {

    private Plain() {
    }

    /** log(1 + e^x) = max(x, 0) + log1p(e^−|x|): never exponentiates a positive number. */
    static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** ℓ(z) = −log σ(z) = softplus(−z). */
    static double ell(double z) {
        return softplus(-z);
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** log σ(x), in the two-branch form that keeps the exponent negative. */
    static double logSigmoid(double x) {
        return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
    }

    static double hinge(double x) {
        return Math.max(0.0, 1.0 - x);
    }

    /** log(1 − e^x) for x &lt; 0 (Mächler's two branches). */
    static double log1mexp(double x) {
        return x > -Math.log(2.0) ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The unbiased variance (divisor n − 1), 0 for a single value. */
    static double variance(double[] values) {
        if (values.length < 2) {
            return 0.0;
        }
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }
}
