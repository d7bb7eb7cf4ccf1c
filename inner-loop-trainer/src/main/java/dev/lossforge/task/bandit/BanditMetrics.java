package dev.lossforge.task.bandit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bandit's metrics, computed exactly over the K responses of each held-out context (no
 * sampling), averaged over the contexts. With pi the policy, pi_ref the reference, r* the
 * true reward and sigma the logistic function:
 * <ul>
 *   <li>{@code policyReward} = E_x sum_y pi(y|x) r*(x,y); {@code referenceReward} the same for pi_ref;
 *   <li>{@code trueRewardGain} = policyReward - referenceReward (the primary fitness);
 *   <li>{@code optimalReward} = E_x max_y r*(x,y), and {@code normalizedGain} = gain / (optimal - reference):
 *       the share of the reference's shortfall the policy closed (1 = optimal, negative = worse);
 *   <li>{@code winRate} = E_x sum_{y,y'} pi(y|x) pi_ref(y'|x) sigma(r*(x,y) - r*(x,y')): the
 *       probability that a policy response beats a reference response under Bradley-Terry on
 *       r*; exactly 0.5 when pi = pi_ref;
 *   <li>{@code kl} = E_x KL(pi(.|x) || pi_ref(.|x)), in nats;
 *   <li>{@code pairAccuracy}: over held-out pairs drawn as the training pairs are drawn from the
 *       reference (y_a ~ pi_ref, then y_b ~ pi_ref without y_a), weighted by their exact
 *       probability, labelled by the true reward (the higher r* is chosen): the share whose
 *       implicit reward beta * log(pi/pi_ref) ranks chosen above rejected, ties counted 1/2
 *       (so exactly 0.5 at the start, where every implicit reward is 0).
 * </ul>
 */
final class BanditMetrics {

    static final String PRIMARY = "trueRewardGain";

    private BanditMetrics() {
    }

    /**
     * @param policyLogits    policy logits, K per context
     * @param referenceLogits reference logits, same layout
     * @param reward          true rewards, same layout
     */
    static Map<String, Double> compute(double[] policyLogits, double[] referenceLogits, double[] reward, int k,
                                       double beta) {
        int contexts = reward.length / k;
        double[] lp = logSoftmax(policyLogits, k);
        double[] lr = logSoftmax(referenceLogits, k);
        double policyReward = 0;
        double referenceReward = 0;
        double optimal = 0;
        double win = 0;
        double kl = 0;
        double accuracy = 0;
        for (int c = 0; c < contexts; c++) {
            int base = c * k;
            double best = Double.NEGATIVE_INFINITY;
            double pairWeight = 0;
            double pairScore = 0;
            for (int i = 0; i < k; i++) {
                double p = Math.exp(lp[base + i]);
                double q = Math.exp(lr[base + i]);
                double r = reward[base + i];
                policyReward += p * r;
                referenceReward += q * r;
                best = Math.max(best, r);
                if (p > 0) {
                    kl += p * (lp[base + i] - lr[base + i]);
                }
                double hi = beta * (lp[base + i] - lr[base + i]);
                for (int j = 0; j < k; j++) {
                    double qj = Math.exp(lr[base + j]);
                    win += p * qj * BanditPairs.sigmoid(r - reward[base + j]);
                    if (j == i) {
                        continue;
                    }
                    // P(first draw i, second draw j) for draws without replacement from pi_ref
                    double w = q * qj / (1 - q);
                    double hj = beta * (lp[base + j] - lr[base + j]);
                    double rj = reward[base + j];
                    double score = hi == hj ? 0.5 : ((hi > hj) == (r > rj) ? 1 : 0);
                    pairWeight += w;
                    pairScore += w * score;
                }
            }
            optimal += best;
            accuracy += pairWeight > 0 ? pairScore / pairWeight : 0.5;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        double gain = (policyReward - referenceReward) / contexts;
        double shortfall = (optimal - referenceReward) / contexts;
        m.put(PRIMARY, gain);
        m.put("policyReward", policyReward / contexts);
        m.put("referenceReward", referenceReward / contexts);
        m.put("optimalReward", optimal / contexts);
        m.put("normalizedGain", shortfall > 0 ? gain / shortfall : 0.0);
        m.put("winRate", win / contexts);
        m.put("kl", kl / contexts);
        m.put("pairAccuracy", accuracy / contexts);
        return m;
    }

    /** Log-softmax within each consecutive group of {@code k} logits. */
    static double[] logSoftmax(double[] logits, int k) {
        double[] out = new double[logits.length];
        for (int base = 0; base < logits.length; base += k) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                max = Math.max(max, logits[base + i]);
            }
            double sum = 0;
            for (int i = 0; i < k; i++) {
                sum += Math.exp(logits[base + i] - max);
            }
            double logZ = max + Math.log(sum);
            for (int i = 0; i < k; i++) {
                out[base + i] = logits[base + i] - logZ;
            }
        }
        return out;
    }
}
