package dev.lossforge.service.proposer.evolution;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Cheap plain-double checks of a tree's behaviour: its {@link BehaviourDescriptor}, and whether
 * it is worth an evaluation at all ({@link #viability}).
 */
public final class Behaviour {

    static final double X_LIMIT = 12.0;
    static final double STEP = 0.25;
    private static final int POINTS = (int) Math.round(2 * X_LIMIT / STEP) + 1;
    private static final int PROBE_PAIRS = 64;
    /** Losses beyond this are numerically absurd and overflow float32 once squared. */
    static final double MAX_VALUE = 1e15;

    private Behaviour() {
    }

    /** The loss on the descriptor curve at x = βρ (see {@link BehaviourDescriptor}). */
    public static double onCurve(Node tree, double beta, double x) {
        double rho = x / beta;
        return TreeEvaluator.value(tree, new PairInputs(rho / 2, -rho / 2, 0, 0, 1, 1, 1, 1, 0, beta));
    }

    public static BehaviourDescriptor describe(Node tree, double beta) {
        double[] f = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            f[i] = onCurve(tree, beta, -X_LIMIT + i * STEP);
        }
        double scale = 1e-12;
        for (int i = 1; i < POINTS; i++) {
            scale = Math.max(scale, Math.abs(f[i] - f[i - 1]) / STEP);
        }
        int tailSpan = (int) Math.round(4 / STEP);
        // slopes measured outward from 0: positive = the loss grows towards that end
        double rightSlope = (f[POINTS - 1] - f[POINTS - 1 - tailSpan]) / 4;
        double leftSlope = (f[0] - f[tailSpan]) / 4;
        boolean convex = true;
        boolean monotone = true;
        double tolerance = 1e-6 * scale * STEP;
        for (int i = 1; i < POINTS; i++) {
            if (f[i] - f[i - 1] > tolerance) {
                monotone = false;
            }
            if (i < POINTS - 1 && f[i + 1] - 2 * f[i] + f[i - 1] < -tolerance) {
                convex = false;
            }
        }
        double h = 1e-4;
        double slopeAtZero = Math.abs(onCurve(tree, beta, h) - onCurve(tree, beta, -h)) / (2 * h);
        BehaviourDescriptor.Slope slope = slopeAtZero < 0.25 ? BehaviourDescriptor.Slope.GENTLE
                : slopeAtZero < 1.5 ? BehaviourDescriptor.Slope.MODERATE : BehaviourDescriptor.Slope.STEEP;
        return new BehaviourDescriptor(tail(rightSlope, scale), tail(leftSlope, scale), convex, monotone, slope);
    }

    private static BehaviourDescriptor.Tail tail(double outwardSlope, double scale) {
        if (outwardSlope > 0.05 * scale) {
            return BehaviourDescriptor.Tail.RISING;
        }
        if (outwardSlope < -0.05 * scale) {
            return BehaviourDescriptor.Tail.FALLING;
        }
        return BehaviourDescriptor.Tail.FLAT;
    }

    /**
     * Whether a tree that passed {@link TypeRules} is worth training with: finite values and
     * gradients on the descriptor curve and on random pairs (wide log-probabilities, lengths 1 to
     * 200, soft labels and rewards), no value beyond 1e15, a gradient where training starts and on
     * realistic pairs ({@link #movesThePolicy}), and ranking the right way: the loss at
     * βρ = −1 is above the loss at βρ = +1 (a loss that rewards preferring the rejected
     * response trains the policy backwards).
     *
     * @return why not, or empty when it is
     */
    public static Optional<String> viability(Node tree, double beta) {
        for (int i = 0; i < POINTS; i++) {
            double x = -X_LIMIT + i * STEP;
            double rho = x / beta;
            Optional<String> bad = check(tree, new PairInputs(rho / 2, -rho / 2, 0, 0, 1, 1, 1, 1, 0, beta),
                    "at βρ = " + x);
            if (bad.isPresent()) {
                return bad;
            }
        }
        SplittableRandom random = new SplittableRandom(0x5eedL);
        for (int i = 0; i < PROBE_PAIRS; i++) {
            double scale = i < PROBE_PAIRS / 2 ? 5 : 500;
            PairInputs pair = new PairInputs(
                    -random.nextDouble() * scale, -random.nextDouble() * scale,
                    -random.nextDouble() * scale, -random.nextDouble() * scale,
                    1 + random.nextInt(200), 1 + random.nextInt(200),
                    random.nextDouble(), random.nextGaussian() * 3, random.nextGaussian() * 3, beta);
            Optional<String> bad = check(tree, pair, "on a random pair");
            if (bad.isPresent()) {
                return bad;
            }
        }
        if (!movesThePolicy(tree, beta, 0.0)) {
            return Optional.of("the loss has no gradient where training starts (policy = reference), so it"
                    + " never moves the policy");
        }
        if (!movesThePolicy(tree, beta, 1.5) && !movesThePolicy(tree, beta, 3.0)) {
            return Optional.of("the loss has no gradient on realistic pairs (policy within a few nats of the"
                    + " reference)");
        }
        double wrong = onCurve(tree, beta, -1);
        double right = onCurve(tree, beta, 1);
        if (!(wrong - right > 1e-9 * (1 + Math.abs(wrong) + Math.abs(right)))) {
            return Optional.of("the loss does not prefer the chosen response: f(βρ = −1) = " + wrong
                    + " is not above f(βρ = +1) = " + right);
        }
        return Optional.empty();
    }

    /**
     * Whether some realistic pair has a non-zero gradient: summed log-probabilities of 0.3 to 2
     * nats per token over 1 to 64 tokens, the policy's within {@code spread} nats (Gaussian) of the
     * reference's, as the sandbox's smoke test draws them; spread 0 is the first training step.
     */
    static boolean movesThePolicy(Node tree, double beta, double spread) {
        SplittableRandom random = new SplittableRandom(0x5107eL + (long) (spread * 10));
        for (int i = 0; i < PROBE_PAIRS; i++) {
            double lw = 1 + random.nextInt(64);
            double ll = 1 + random.nextInt(64);
            double rw = -lw * (0.3 + 1.7 * random.nextDouble());
            double rl = -ll * (0.3 + 1.7 * random.nextDouble());
            double aw = Math.min(-1e-3, rw + spread * random.nextGaussian());
            double al = Math.min(-1e-3, rl + spread * random.nextGaussian());
            double[] out = TreeEvaluator.withGradient(tree, new PairInputs(aw, al, rw, rl, lw, ll,
                    0.05 + 0.9 * random.nextDouble(), 0.5 + random.nextGaussian(), -0.5 + random.nextGaussian(), beta));
            if (Math.abs(out[1]) > 1e-12 || Math.abs(out[2]) > 1e-12) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> check(Node tree, PairInputs pair, String where) {
        double[] value = TreeEvaluator.withGradient(tree, pair);
        if (!Double.isFinite(value[0]) || Math.abs(value[0]) > MAX_VALUE) {
            return Optional.of("the loss is " + value[0] + " " + where);
        }
        if (!Double.isFinite(value[1]) || !Double.isFinite(value[2])
                || Math.abs(value[1]) > MAX_VALUE || Math.abs(value[2]) > MAX_VALUE) {
            return Optional.of("the gradient is not finite " + where);
        }
        return Optional.empty();
    }
}
