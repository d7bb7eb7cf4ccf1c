package dev.lossforge.loss.builtin;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.ProbeResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * LOSSES.md's check points for lrml at β = 0.05, through the real class: f(ρ=0) = 0.846574;
 * a local minimum near ρ ≈ −2.371 (0.785924); a local maximum near ρ ≈ 1.440 (0.878290).
 */
class LrmlCheckPointsTest {

    private static final double BETA = 0.05;
    private static final double STEP = 1e-4;

    /** The curve on ρ = from, from + 1e-4, ..., to, one batch, through {@link LrmlLoss}. */
    private static ProbeResult scan(double from, double to) {
        int n = (int) Math.round((to - from) / STEP) + 1;
        double[] rho = new double[n];
        for (int i = 0; i < n; i++) {
            rho[i] = from + i * STEP;
        }
        BatchValues batch = new BatchValues(rho, new double[n], new double[n], new double[n], Batches.ones(n),
                Batches.ones(n), null, null, null, BETA);
        return LossProbe.probe(new LrmlLoss(), batch);
    }

    @Test
    void valueAtZeroMargin() {
        ProbeResult r = LossProbe.probe(new LrmlLoss(), Batches.curve(BETA, 0.0));
        assertThat(r.losses()[0]).isCloseTo(0.846574, within(5e-7));
        // by hand: ½·log 2 + ½·e^0
        assertThat(r.losses()[0]).isCloseTo(0.5 * Math.log(2) + 0.5, within(1e-15));
    }

    @Test
    void localMinimumNearMinus2Point371() {
        double from = -4.0;
        ProbeResult r = scan(from, 0.0);
        int at = argExtremum(r.losses(), -1);
        double rho = from + at * STEP;
        assertThat(at).isStrictlyBetween(0, r.losses().length - 1);
        assertThat(rho).isCloseTo(-2.371, within(5e-4));
        assertThat(r.losses()[at]).isCloseTo(0.785924, within(5e-7));
        // the slope changes sign from − to + across the minimum
        assertThat(r.gradPolicyChosen()[at - 10]).isNegative();
        assertThat(r.gradPolicyChosen()[at + 10]).isPositive();
    }

    @Test
    void localMaximumNear1Point440() {
        double from = 0.0;
        ProbeResult r = scan(from, 3.0);
        int at = argExtremum(r.losses(), +1);
        double rho = from + at * STEP;
        assertThat(at).isStrictlyBetween(0, r.losses().length - 1);
        assertThat(rho).isCloseTo(1.440, within(5e-4));
        assertThat(r.losses()[at]).isCloseTo(0.878290, within(5e-7));
        assertThat(r.gradPolicyChosen()[at - 10]).isPositive();
        assertThat(r.gradPolicyChosen()[at + 10]).isNegative();
    }

    /** Index of the largest (sign +1) or smallest (sign −1) value. */
    private static int argExtremum(double[] values, int sign) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (sign * values[i] > sign * values[best]) {
                best = i;
            }
        }
        return best;
    }
}
