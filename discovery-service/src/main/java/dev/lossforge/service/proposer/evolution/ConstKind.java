package dev.lossforge.service.proposer.evolution;

import java.util.Locale;

/**
 * What values a named constant may take, which decides how variation and the evolution strategy
 * move it: {@code REAL} constants additively, {@code POSITIVE} ones (temperatures, margins that
 * must stay above 0) on a log scale.
 */
public enum ConstKind {
    REAL,
    POSITIVE;

    /** Largest magnitude a constant may reach; beyond it trees only overflow. */
    public static final double MAX_MAGNITUDE = 1e3;
    /** Smallest value of a positive constant (a gate temperature of 0 is a step function). */
    public static final double MIN_POSITIVE = 1e-3;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Brings a value into this kind's range. */
    public double clamp(double value) {
        double bounded = Math.max(-MAX_MAGNITUDE, Math.min(MAX_MAGNITUDE, value));
        return this == POSITIVE ? Math.max(MIN_POSITIVE, bounded) : bounded;
    }

    public boolean admits(double value) {
        return Double.isFinite(value) && Math.abs(value) <= MAX_MAGNITUDE
                && (this == REAL || value >= MIN_POSITIVE);
    }
}
