package dev.lossforge.task.bandit;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BanditMetricsTest {

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void twoResponsesWorkedByHand() {
        // one context, K = 2: reference uniform (1/2, 1/2); policy logits (ln 3, 0) give (3/4, 1/4);
        // rewards (1, 0)
        Map<String, Double> m = BanditMetrics.compute(new double[] {Math.log(3), 0}, new double[] {0, 0},
                new double[] {1, 0}, 2, 0.1);
        assertThat(m.get("policyReward")).isCloseTo(0.75, within(1e-12));
        assertThat(m.get("referenceReward")).isCloseTo(0.5, within(1e-12));
        assertThat(m.get("trueRewardGain")).isCloseTo(0.25, within(1e-12));
        assertThat(m.get("optimalReward")).isCloseTo(1.0, within(1e-12));
        assertThat(m.get("normalizedGain")).isCloseTo(0.25 / 0.5, within(1e-12));
        // sum over (policy y, reference y') of p q sigma(r - r'): 3/16 + 3/8 s(1) + 1/8 s(-1) + 1/16
        double win = 3.0 / 16 + 3.0 / 8 * sigmoid(1) + 1.0 / 8 * sigmoid(-1) + 1.0 / 16;
        assertThat(m.get("winRate")).isCloseTo(win, within(1e-12)).isCloseTo(0.557765, within(1e-6));
        // 3/4 ln(3/2) + 1/4 ln(1/2)
        assertThat(m.get("kl")).isCloseTo(0.75 * Math.log(1.5) + 0.25 * Math.log(0.5), within(1e-12));
        // the implicit reward of response 0 is above that of response 1, as is its true reward
        assertThat(m.get("pairAccuracy")).isEqualTo(1.0);
    }

    @Test
    void averagesOverContextsAndCountsTiesAsHalf() {
        // context 1: policy = reference, every implicit reward 0: all pairs tie, accuracy 1/2, KL 0,
        // win rate 1/2. Context 2: K = 2 with the policy preferring the worse response.
        double[] policy = {0.3, -0.2, 0, 2};
        double[] reference = {0.3, -0.2, 0, 0};
        double[] reward = {5, 1, 1, 0};
        Map<String, Double> m = BanditMetrics.compute(policy, reference, reward, 2, 1.0);
        assertThat(m.get("pairAccuracy")).isCloseTo((0.5 + 0.0) / 2, within(1e-12));
        double p = sigmoid(2);  // policy's probability of response 1 in context 2
        double kl2 = (1 - p) * Math.log((1 - p) / 0.5) + p * Math.log(p / 0.5);
        assertThat(m.get("kl")).isCloseTo(kl2 / 2, within(1e-12));
        double win2 = 0.5 * ((1 - p) * 0.5 + (1 - p) * sigmoid(1) + p * sigmoid(-1) + p * 0.5);
        assertThat(m.get("winRate")).isCloseTo((0.5 + win2) / 2, within(1e-12));
        assertThat(m.get("trueRewardGain")).isCloseTo((0 + ((1 - p) - 0.5)) / 2, within(1e-12));
    }

    @Test
    void pairAccuracyWeighsPairsByHowTheReferenceDrawsThem() {
        // K = 3, reference probabilities (1/2, 1/4, 1/4); the policy ranks 0 > 1 > 2 (implicit
        // rewards from its logits) while the true reward ranks 0 > 2 > 1: only the pair {1, 2} is
        // wrong. P(draw {1,2}) = q1 q2 / (1 - q1) + q2 q1 / (1 - q2) = 2 * (1/16) / (3/4) = 1/6.
        double[] reference = {Math.log(2), 0, 0};
        double[] policy = {Math.log(2) + 1, 0.5, 0};
        double[] reward = {3, 1, 2};
        Map<String, Double> m = BanditMetrics.compute(policy, reference, reward, 3, 0.5);
        assertThat(m.get("pairAccuracy")).isCloseTo(1 - 1.0 / 6, within(1e-12));
    }
}
