package dev.lossforge.sandbox;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.ProbeResult;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a loss computes, independent of how its source is written: the SHA-256 of its per-example
 * values and of the gradients of their sum with respect to the four log-probability inputs on a
 * fixed probe batch, every number rounded to {@value #SIGNIFICANT_DIGITS} significant digits. Two
 * sources computing the same function (DPO as {@code -logSigmoid(beta*rho)} or as
 * {@code softplus(-beta*rho)}) get the same fingerprint; DPO with twice the beta does not.
 *
 * <p>Rounding makes the fingerprint blind to float64 round-off between formulations; a value
 * that falls right on a rounding boundary could still split two equal functions (rare: the
 * boundaries are 1e-6 apart relative, round-off is 1e-15). Magnitudes below 1e-12 count as 0.
 *
 * @param sha256 lower-case hex digest
 */
public record BehaviourFingerprint(String sha256) {

    public static final int SIGNIFICANT_DIGITS = 6;
    public static final int PROBE_SIZE = 24;
    public static final long PROBE_SEED = 20_261_122L;

    private static final String VERSION = "lossforge-behaviour-v1";
    private static final MathContext ROUNDING = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);

    /**
     * The fixed probe batch: {@value #PROBE_SIZE} pairs with soft labels and reward scores, policy
     * log-probabilities spread widely around the reference (log-ratios of several nats) so that
     * losses differing only in their tails still differ. A fresh copy each call.
     */
    public static BatchValues probeBatch() {
        return RandomBatches.realistic(PROBE_SEED, PROBE_SIZE, 4.0);
    }

    /** The fingerprint of a probe of {@link #probeBatch()}. */
    public static BehaviourFingerprint of(ProbeResult probe) {
        StringBuilder text = new StringBuilder(VERSION);
        append(text, "losses", probe.losses());
        append(text, "gradPolicyChosen", probe.gradPolicyChosen());
        append(text, "gradPolicyRejected", probe.gradPolicyRejected());
        append(text, "gradReferenceChosen", probe.gradReferenceChosen());
        append(text, "gradReferenceRejected", probe.gradReferenceRejected());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return new BehaviourFingerprint(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The first 12 hex digits, enough to tell candidates apart in a listing. */
    public String shortForm() {
        return sha256.substring(0, 12);
    }

    static String round(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (Math.abs(value) < 1e-12) {
            return "0";
        }
        return new BigDecimal(value).round(ROUNDING).stripTrailingZeros().toString();
    }

    private static void append(StringBuilder text, String name, double[] values) {
        text.append('|').append(name).append(':');
        for (double v : values) {
            text.append(round(v)).append(',');
        }
    }
}
