package dev.lossforge.loss.builtin;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.ProbeResult;

import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Comparisons of a probe with the plain-double reference: values and finite-difference slopes. */
final class Checks {

    static final String[] INPUTS = {"policyChosenLogps", "policyRejectedLogps", "referenceChosenLogps",
            "referenceRejectedLogps"};

    private Checks() {
    }

    /** Every value equals the reference to 1e-10 relative (infinities must match exactly). */
    static void assertValues(String label, double[] actual, double[] expected) {
        assertThat(actual).as(label + ": number of values").hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(expected[i]).as(label + ": reference value [" + i + "] is a number").isNotNaN();
            assertThat(actual[i]).as(label + ": value [" + i + "] is not NaN").isNotNaN();
            if (Double.isInfinite(expected[i])) {
                assertThat(actual[i]).as(label + ": value [" + i + "]").isEqualTo(expected[i]);
            } else {
                double tolerance = 1e-10 * Math.max(1.0, Math.abs(expected[i]));
                assertThat(Math.abs(actual[i] - expected[i]))
                        .as("%s: value [%d] = %s, reference %s", label, i, actual[i], expected[i])
                        .isLessThanOrEqualTo(tolerance);
            }
        }
    }

    /**
     * The probe's gradients equal central finite differences of the reference. For a per-pair
     * loss, entry i is d loss_i / d input_i; for a batch-statistics loss it is d (Σ_j loss_j) /
     * d input_i, which is what the probe reports for both. Pairs whose reference value is not
     * finite are skipped (their own checks say what the gradient is there).
     *
     * @param inputIndices which inputs to check, as indices into {@link #INPUTS}
     */
    static void assertGradients(String label, ProbeResult probe, Function<BatchValues, double[]> reference,
                                BatchValues at, boolean batchStatistics, int... inputIndices) {
        double[] base = reference.apply(at);
        double[][] actual = {probe.gradPolicyChosen(), probe.gradPolicyRejected(), probe.gradReferenceChosen(),
                probe.gradReferenceRejected()};
        for (int input : inputIndices) {
            for (int i = 0; i < at.size(); i++) {
                if (!Double.isFinite(base[i])) {
                    continue;
                }
                double value = inputs(at)[input][i];
                // the step grows with the input and with the loss itself, or rounding of a loss
                // of 1e8 (sppo-hard at rho = 1e4) would swamp the difference
                double h = 1e-6 * Math.max(Math.max(1.0, Math.abs(value)), Math.sqrt(Math.abs(base[i])));
                double plus = objective(reference.apply(shifted(at, input, i, h)), i, batchStatistics);
                double minus = objective(reference.apply(shifted(at, input, i, -h)), i, batchStatistics);
                double expected = (plus - minus) / (2 * h);
                double tolerance = 2e-6 * Math.max(1.0, Math.abs(expected));
                assertThat(actual[input][i]).as("%s: d/d %s[%d] is not NaN", label, INPUTS[input], i).isNotNaN();
                assertThat(Math.abs(actual[input][i] - expected))
                        .as("%s: d/d %s[%d] = %s, finite difference %s", label, INPUTS[input], i,
                                actual[input][i], expected)
                        .isLessThanOrEqualTo(tolerance);
            }
        }
    }

    private static double objective(double[] losses, int i, boolean batchStatistics) {
        if (!batchStatistics) {
            return losses[i];
        }
        double sum = 0;
        for (double loss : losses) {
            sum += loss;
        }
        return sum;
    }

    static double[][] inputs(BatchValues v) {
        return new double[][] {v.policyChosenLogps(), v.policyRejectedLogps(), v.referenceChosenLogps(),
                v.referenceRejectedLogps()};
    }

    /** A copy of {@code v} with input {@code input} (0..3, as {@link #INPUTS}) moved by h at pair i. */
    static BatchValues shifted(BatchValues v, int input, int i, double h) {
        double[][] in = inputs(v);
        double[][] copy = new double[4][];
        for (int k = 0; k < 4; k++) {
            copy[k] = in[k].clone();
        }
        copy[input][i] += h;
        return new BatchValues(copy[0], copy[1], copy[2], copy[3], v.chosenLengths(), v.rejectedLengths(),
                v.softLabel(), v.rewardChosen(), v.rewardRejected(), v.beta());
    }
}
