package dev.lossforge.loss;

import dev.lossforge.loss.builtin.AqlLoss;
import dev.lossforge.loss.builtin.DdoRmLoss;
import dev.lossforge.loss.builtin.DpoLoss;
import dev.lossforge.loss.builtin.LrmlLoss;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LossCurveTest {

    @Test
    void theGridRunsFromMinusTenToTenInTenthsWithoutDrift() {
        List<LossCurvePoint> curve = LossCurve.compute(new DpoLoss(), 0.1);
        assertThat(curve).hasSize(201);
        assertThat(curve.get(0).rho()).isEqualTo(-10.0);
        assertThat(curve.get(1).rho()).isEqualTo(-9.9);
        assertThat(curve.get(100).rho()).isEqualTo(0.0);
        assertThat(curve.get(197).rho()).isEqualTo(9.7);
        assertThat(curve.get(200).rho()).isEqualTo(10.0);
        assertThatThrownBy(() -> LossCurve.rhoAt(201)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void dpoCurveIsSoftplusWithSigmoidSlope() {
        for (LossCurvePoint p : LossCurve.compute(new DpoLoss(), 0.1)) {
            double x = 0.1 * p.rho();
            // ℓ(x) = log(1 + e^−x); slope −β/(1 + e^x)
            assertThat(p.loss()).as("rho %s", p.rho()).isCloseTo(Math.log1p(Math.exp(-x)), within(1e-12));
            assertThat(p.dLossDRho()).as("rho %s", p.rho()).isCloseTo(-0.1 / (1 + Math.exp(x)), within(1e-12));
        }
    }

    @Test
    void lrmlCurvePassesTheCheckPointAtZero() {
        assertThat(LossCurve.compute(new LrmlLoss(), 0.05).get(100).loss()).isCloseTo(0.846574, within(5e-7));
    }

    @Test
    void aLossThatNeedsRewardScoresIsRejected() {
        assertThatThrownBy(() -> LossCurve.compute(new DdoRmLoss(), 0.1))
                .isInstanceOf(MissingInputException.class)
                .hasMessageContaining("reward");
    }

    @Test
    void aBatchStatisticsLossSeesTheWholeGridAsOneBatch() {
        // aql's threshold m uses the mean of x/τ over the batch: over the symmetric grid that
        // mean is 0, so m = 0.5 exactly
        List<LossCurvePoint> curve = LossCurve.compute(new AqlLoss(), 0.1);
        for (LossCurvePoint p : curve) {
            double x = 0.1 * p.rho();
            double q = 1 / (1 + Math.exp(x / 0.05 - 0.5));
            double expected = q * Math.log1p(Math.exp(-x)) + (1 - q) * Math.max(0, 1 - x);
            assertThat(p.loss()).as("rho %s", p.rho()).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void theBatchFollowsTheConvention() {
        BatchValues batch = LossCurve.batch(0.2);
        assertThat(batch.size()).isEqualTo(201);
        assertThat(batch.policyRejectedLogps()).containsOnly(0.0);
        assertThat(batch.referenceChosenLogps()).containsOnly(0.0);
        assertThat(batch.referenceRejectedLogps()).containsOnly(0.0);
        assertThat(batch.chosenLengths()).containsOnly(1.0);
        assertThat(batch.rejectedLengths()).containsOnly(1.0);
        assertThat(batch.softLabel()).containsOnly(1.0);
        assertThat(batch.rewardChosen()).isNull();
        assertThat(batch.beta()).isEqualTo(0.2);
    }
}
