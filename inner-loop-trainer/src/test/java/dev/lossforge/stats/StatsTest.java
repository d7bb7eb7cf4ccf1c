package dev.lossforge.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StatsTest {

    @Test
    void meanAndSampleStandardDeviation() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32, 32 / 7 under n - 1
        double[] values = {2, 4, 4, 4, 5, 5, 7, 9};
        assertThat(Stats.mean(values)).isEqualTo(5.0);
        assertThat(Stats.standardDeviation(values)).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(Stats.standardDeviation(new double[] {3})).isNaN();
        assertThat(Stats.mean(new double[0])).isNaN();
    }

    @Test
    void tQuantilesMatchThePublishedTable() {
        // two-sided 95% critical values from the standard t table
        assertThat(Stats.tQuantile(0.975, 1)).isCloseTo(12.706, within(5e-4));
        assertThat(Stats.tQuantile(0.975, 2)).isCloseTo(4.303, within(5e-4));
        assertThat(Stats.tQuantile(0.975, 4)).isCloseTo(2.776, within(5e-4));
        assertThat(Stats.tQuantile(0.975, 10)).isCloseTo(2.228, within(5e-4));
        assertThat(Stats.tQuantile(0.975, 30)).isCloseTo(2.042, within(5e-4));
        // one-sided 99.95% for 1 df, and the normal limit 1.959964 for very many df
        assertThat(Stats.tQuantile(0.9995, 1)).isCloseTo(636.619, within(5e-3));
        assertThat(Stats.tQuantile(0.975, 1e7)).isCloseTo(1.959964, within(1e-5));
        assertThat(Stats.tQuantile(0.025, 4)).isCloseTo(-2.776, within(5e-4));
        assertThat(Stats.tQuantile(0.5, 3)).isZero();
    }

    @Test
    void tCdfMatchesTheClosedFormsForOneAndTwoDegreesOfFreedom() {
        for (double t : new double[] {-30, -2.5, -0.3, 0, 0.7, 1, 4, 100}) {
            // df = 1 is the Cauchy distribution; df = 2 has F(t) = 1/2 + t / (2 sqrt(2 + t^2))
            assertThat(Stats.tCdf(t, 1)).as("df 1, t %s", t).isCloseTo(0.5 + Math.atan(t) / Math.PI, within(1e-12));
            assertThat(Stats.tCdf(t, 2)).as("df 2, t %s", t)
                    .isCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), within(1e-12));
        }
    }

    @Test
    void incompleteBetaMatchesItsElementaryCases() {
        for (double x : new double[] {0.01, 0.2, 0.5, 0.77, 0.99}) {
            assertThat(Stats.regularizedIncompleteBeta(x, 1, 1)).isCloseTo(x, within(1e-13));
            assertThat(Stats.regularizedIncompleteBeta(x, 3, 1)).isCloseTo(Math.pow(x, 3), within(1e-13));
            assertThat(Stats.regularizedIncompleteBeta(x, 1, 2.5)).isCloseTo(1 - Math.pow(1 - x, 2.5), within(1e-13));
        }
        assertThat(Stats.regularizedIncompleteBeta(0, 2, 3)).isZero();
        assertThat(Stats.regularizedIncompleteBeta(1, 2, 3)).isEqualTo(1.0);
        // Gamma(5) = 24, Gamma(1/2) = sqrt(pi)
        assertThat(Stats.logGamma(5)).isCloseTo(Math.log(24), within(1e-13));
        assertThat(Stats.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-13));
    }

    @Test
    void confidenceIntervalOfTheMean() {
        // 1, 2, 3: mean 2, sd 1, half-width t(0.975, 2) / sqrt(3) = 4.302653 / 1.732051
        Stats.Summary s = Stats.summarize(new double[] {1, 2, 3});
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isEqualTo(2.0);
        assertThat(s.standardDeviation()).isCloseTo(1.0, within(1e-12));
        assertThat(s.ciHalfWidth()).isCloseTo(4.302653 / Math.sqrt(3), within(1e-5));
        assertThat(s.ciLow()).isCloseTo(2 - 2.484138, within(1e-5));
        assertThat(Stats.ci95HalfWidth(new double[] {7})).isNaN();
    }

    @Test
    void pairedTTestWorkedByHand() {
        // differences 0.5, -0.5, 1, 1: mean 0.5, sd sqrt(0.5), se sqrt(0.5)/2, t = sqrt(2), df 3.
        // For df = 3, F(t) = 1/2 + (1/pi) [ (t/sqrt3) / (1 + t^2/3) + atan(t/sqrt3) ]
        double[] a = {1, 2, 3, 4};
        double[] b = {0.5, 2.5, 2, 3};
        Stats.PairedTest test = Stats.pairedTTest(a, b);
        double t = Math.sqrt(2);
        double u = t / Math.sqrt(3);
        double cdf = 0.5 + (u / (1 + t * t / 3) + Math.atan(u)) / Math.PI;
        assertThat(test.n()).isEqualTo(4);
        assertThat(test.meanDifference()).isCloseTo(0.5, within(1e-12));
        assertThat(test.standardDeviation()).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(test.t()).isCloseTo(t, within(1e-12));
        assertThat(test.pValue()).isCloseTo(2 * (1 - cdf), within(1e-10)).isCloseTo(0.2522, within(1e-4));
        // t(0.975, 3) = 3.182 from the table
        assertThat(test.ciHalfWidth()).isCloseTo(3.182446 * Math.sqrt(0.5) / 2, within(1e-5));
    }

    @Test
    void pairedTTestEdgeCases() {
        Stats.PairedTest same = Stats.pairedTTest(new double[] {1, 2}, new double[] {1, 2});
        assertThat(same.pValue()).isEqualTo(1.0);
        assertThat(same.t()).isZero();
        Stats.PairedTest shifted = Stats.pairedTTest(new double[] {2, 3, 4}, new double[] {1, 2, 3});
        assertThat(shifted.pValue()).isZero();
        assertThat(shifted.t()).isInfinite();
        assertThatThrownBy(() -> Stats.pairedTTest(new double[] {1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> Stats.pairedTTest(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in size");
    }
}
