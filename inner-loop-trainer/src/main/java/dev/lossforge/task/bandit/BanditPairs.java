package dev.lossforge.task.bandit;

import dev.lossforge.task.Seeds;
import dev.lossforge.train.PairData;

import java.util.Random;

/**
 * The offline preference pairs: {@code pairsPerContext} per training context, two distinct
 * responses each, labelled by Bradley-Terry on the true reward, P(a beats b) = sigma(r*_a - r*_b).
 *
 * <p>Where the two responses come from: with probability {@code expertShare} both are drawn from
 * a near-expert policy, proportional to exp(r* / expertTemperature); with probability
 * {@code randomShare} uniformly; otherwise from the reference. The second response is drawn from
 * the same policy with the first one excluded. Then a share {@code flipRate} of the labels is
 * flipped. The soft label (when on) is the Bradley-Terry probability that the labelled chosen
 * response beats the rejected one; reward-model scores are r* plus N(0, rewardModelNoise^2).
 */
final class BanditPairs {

    final int[] context;
    final int[] chosen;
    final int[] rejected;
    private final float[] chosenLengths;
    private final float[] rejectedLengths;
    private final float[] soft;
    private final float[] rewardChosen;
    private final float[] rewardRejected;

    private BanditPairs(BanditSettings s, BanditWorld world, double[] referenceLogits, long seed) {
        int k = world.responses;
        int n = s.contexts() * s.pairsPerContext();
        context = new int[n];
        chosen = new int[n];
        rejected = new int[n];
        chosenLengths = new float[n];
        rejectedLengths = new float[n];
        soft = s.softLabels() ? new float[n] : null;
        rewardChosen = new float[n];
        rewardRejected = new float[n];

        Random random = new Random(Seeds.derive(seed, "bandit.pairs"));
        double[] referenceLogps = BanditMetrics.logSoftmax(referenceLogits, k);
        double[] probs = new double[k];
        double[] reward = world.train.trueReward;
        for (int i = 0; i < n; i++) {
            int c = i / s.pairsPerContext();
            int base = c * k;
            double u = random.nextDouble();
            if (u < s.expertShare()) {
                double[] logits = new double[k];
                for (int j = 0; j < k; j++) {
                    logits[j] = reward[base + j] / s.expertTemperature();
                }
                double[] lp = BanditMetrics.logSoftmax(logits, k);
                for (int j = 0; j < k; j++) {
                    probs[j] = Math.exp(lp[j]);
                }
            } else if (u < s.expertShare() + s.randomShare()) {
                java.util.Arrays.fill(probs, 1.0 / k);
            } else {
                for (int j = 0; j < k; j++) {
                    probs[j] = Math.exp(referenceLogps[base + j]);
                }
            }
            int a = draw(probs, -1, random);
            int b = draw(probs, a, random);
            double pA = sigmoid(reward[base + a] - reward[base + b]);
            boolean aWins = random.nextDouble() < pA;
            if (random.nextDouble() < s.flipRate()) {
                aWins = !aWins;
            }
            int w = aWins ? a : b;
            int l = aWins ? b : a;
            context[i] = c;
            chosen[i] = w;
            rejected[i] = l;
            chosenLengths[i] = world.train.lengths[base + w];
            rejectedLengths[i] = world.train.lengths[base + l];
            if (soft != null) {
                soft[i] = (float) sigmoid(reward[base + w] - reward[base + l]);
            }
            rewardChosen[i] = (float) (reward[base + w] + s.rewardModelNoise() * random.nextGaussian());
            rewardRejected[i] = (float) (reward[base + l] + s.rewardModelNoise() * random.nextGaussian());
        }
    }

    int size() {
        return context.length;
    }

    /**
     * The trainer's view of the pairs.
     *
     * @param referenceChosen   log pi_ref of each chosen response, computed the way the policy
     *                          computes its own, so that training starts at log-ratios of zero
     * @param referenceRejected the same for the rejected responses
     */
    PairData pairData(float[] referenceChosen, float[] referenceRejected) {
        return new PairData(referenceChosen, referenceRejected, chosenLengths, rejectedLengths, soft,
                rewardChosen, rewardRejected);
    }

    /** @param referenceLogits the reference network's logits on the training rows */
    static BanditPairs sample(BanditSettings settings, BanditWorld world, double[] referenceLogits, long seed) {
        return new BanditPairs(settings, world, referenceLogits, seed);
    }

    /** Draws an index by probability, leaving out {@code excluded} (renormalising the rest). */
    private static int draw(double[] probs, int excluded, Random random) {
        double total = 0;
        for (int j = 0; j < probs.length; j++) {
            total += j == excluded ? 0 : probs[j];
        }
        double u = random.nextDouble() * total;
        int last = -1;
        for (int j = 0; j < probs.length; j++) {
            if (j == excluded) {
                continue;
            }
            last = j;
            u -= probs[j];
            if (u < 0) {
                return j;
            }
        }
        return last;
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}
