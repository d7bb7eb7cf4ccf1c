package dev.lossforge.service.proposer.evolution;

import java.util.Locale;

/**
 * The unary operators. Each maps a per-pair array to a per-pair array.
 *
 * <p>{@link #EXP} is bounded: exp(clamp(x, −20, 20)). An unbounded exp of a learned quantity
 * overflows float32 at x ≈ 89 and turns a training run into NaN; e^20 ≈ 4.85e8 is far above any
 * loss value that trains well, and trees that stack exps stay finite. Past the clamp the
 * gradient is 0 (the loss is flat there), which the behaviour descriptors see as a bounded tail.
 * DiscoPOP's e^(−βρ) terms equal this one for |βρ| ≤ 20.
 */
public enum UnaryOp {
    LOG_SIGMOID,
    SOFTPLUS,
    EXP,
    SQUARE,
    ABS,
    RELU,
    TANH,
    SIGMOID,
    NEG;

    /** The clamp of {@link #EXP}'s argument. */
    public static final double EXP_LIMIT = 20.0;

    public String key() {
        return switch (this) {
            case LOG_SIGMOID -> "log_sigmoid";
            default -> name().toLowerCase(Locale.ROOT);
        };
    }

    public double apply(double x) {
        return switch (this) {
            case LOG_SIGMOID -> -softplus(-x);
            case SOFTPLUS -> softplus(x);
            case EXP -> Math.exp(clampExp(x));
            case SQUARE -> x * x;
            case ABS -> Math.abs(x);
            case RELU -> x > 0 ? x : 0.0;
            case TANH -> Math.tanh(x);
            case SIGMOID -> sigmoid(x);
            case NEG -> -x;
        };
    }

    /** d/dx of {@link #apply}, with the sub-gradients libtorch uses at kinks (0 at 0 for relu and abs). */
    public double derivative(double x) {
        return switch (this) {
            case LOG_SIGMOID -> sigmoid(-x);
            case SOFTPLUS -> sigmoid(x);
            case EXP -> x < -EXP_LIMIT || x > EXP_LIMIT ? 0.0 : Math.exp(x);
            case SQUARE -> 2 * x;
            case ABS -> Math.signum(x);
            case RELU -> x > 0 ? 1.0 : 0.0;
            case TANH -> {
                double t = Math.tanh(x);
                yield 1 - t * t;
            }
            case SIGMOID -> {
                double s = sigmoid(x);
                yield s * (1 - s);
            }
            case NEG -> -1.0;
        };
    }

    /** @return the operator, or {@code null} when none has that key */
    public static UnaryOp byKey(String key) {
        for (UnaryOp op : values()) {
            if (op.key().equals(key)) {
                return op;
            }
        }
        return null;
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    static double clampExp(double x) {
        return Math.max(-EXP_LIMIT, Math.min(EXP_LIMIT, x));
    }
}
