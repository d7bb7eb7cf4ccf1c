package dev.lossforge.task.hh;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RankingMetricsTest {

    @Test
    void pairAccuracyCountsTiesHalf() {
        // pairs: (3 > 1) right, (0 < 2) wrong, (5 = 5) tie, (-1 > -4) right -> 2.5 / 4
        double[] chosen = {3, 0, 5, -1};
        double[] rejected = {1, 2, 5, -4};
        assertThat(RankingMetrics.pairAccuracy(chosen, rejected)).isEqualTo(0.625);
        assertThat(RankingMetrics.meanMargin(chosen, rejected)).isEqualTo((2 - 2 + 0 + 3) / 4.0);
    }

    @Test
    void aucComparesEveryChosenWithEveryRejected() {
        double[] chosen = {3, 0, 5, -1};
        double[] rejected = {1, 2, 5, -4};
        // by hand over all 16 combinations: 3 beats 1, 2, -4 (3); 0 beats -4 (1); 5 beats 1, 2, -4 and ties 5 (3.5);
        // -1 beats -4 (1): 8.5 / 16
        assertThat(RankingMetrics.auc(chosen, rejected)).isCloseTo(8.5 / 16, within(1e-12));
    }

    @Test
    void aConstantScoreGivesExactlyOneHalf() {
        double[] zeros = new double[7];
        assertThat(RankingMetrics.pairAccuracy(zeros, zeros.clone())).isEqualTo(0.5);
        assertThat(RankingMetrics.auc(zeros, zeros.clone())).isEqualTo(0.5);
        assertThat(RankingMetrics.meanMargin(zeros, zeros.clone())).isEqualTo(0.0);
    }

    @Test
    void aucMatchesTheQuadraticDefinitionOnRandomScoresWithTies() {
        java.util.Random random = new java.util.Random(5);
        double[] chosen = new double[300];
        double[] rejected = new double[300];
        for (int i = 0; i < 300; i++) {
            chosen[i] = random.nextInt(20);
            rejected[i] = random.nextInt(17);
        }
        double wins = 0;
        for (double c : chosen) {
            for (double r : rejected) {
                wins += c > r ? 1 : c == r ? 0.5 : 0;
            }
        }
        assertThat(RankingMetrics.auc(chosen, rejected)).isCloseTo(wins / (300.0 * 300), within(1e-12));
    }
}
