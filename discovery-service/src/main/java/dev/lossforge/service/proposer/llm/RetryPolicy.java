package dev.lossforge.service.proposer.llm;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with jitter for calls that failed in a way that may pass (429, timeout,
 * 5xx, connection refused).
 *
 * @param maxAttempts  tries per request, the first included
 * @param initialDelay the wait before the second try
 * @param maxDelay     the longest wait
 * @param multiplier   growth of the wait per try
 * @param jitter       fraction of the wait drawn at random, 0 to 1 (0.5: wait between 50% and 100%)
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new LlmConfigurationException("retry.maxAttempts", "must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new LlmConfigurationException("retry.maxDelay", "must be at least the initial delay");
        }
        if (!(multiplier >= 1)) {
            throw new LlmConfigurationException("retry.multiplier", "must be at least 1, got " + multiplier);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new LlmConfigurationException("retry.jitter", "must be between 0 and 1, got " + jitter);
        }
    }

    /** 5 tries, 1 s doubling up to 30 s, half of each wait random. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.5);
    }

    /**
     * The wait before try {@code attempt + 1}.
     *
     * @param attempt the try that just failed, from 1
     * @param random  a value in [0, 1)
     */
    public Duration delayAfter(int attempt, DoubleSupplier random) {
        double base = initialDelay.toMillis() * Math.pow(multiplier, attempt - 1);
        double capped = Math.min(base, maxDelay.toMillis());
        double waited = capped * (1 - jitter * random.getAsDouble());
        return Duration.ofMillis(Math.round(waited));
    }
}
