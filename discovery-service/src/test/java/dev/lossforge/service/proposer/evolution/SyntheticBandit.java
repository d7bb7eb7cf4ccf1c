package dev.lossforge.service.proposer.evolution;

import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * A small noisy-label bandit in plain doubles, a stand-in fitness for experiments and tests that
 * must not pay for DJL training: tabular softmax policies over {@code responses} answers in each
 * of {@code contexts} contexts start at a random reference; offline pairs sampled from the
 * reference are labelled by a hidden reward and then flipped with probability {@code noise};
 * the policy is trained with Adam on the tree's mean loss, gradients by forward-mode
 * differentiation of the tree ({@link TreeEvaluator#withGradient}).
 *
 * <p>Fitness = true reward gain over the reference minus {@code klWeight}·KL(π‖π_ref), averaged
 * over contexts and over {@code datasets} independently drawn data sets. It rewards what the
 * {@code bandit} task rewards (gain for little drift), at about a millisecond per tree; it is not
 * that task, and numbers from it are not campaign results.
 */
public final class SyntheticBandit implements FitnessFunction {

    private final int contexts;
    private final int responses;
    private final int pairsPerContext;
    private final double noise;
    private final int datasets;
    private final int steps;
    private final double learningRate;
    private final double klWeight;
    private final double beta;
    private final long seed;

    public SyntheticBandit(int contexts, int responses, int pairsPerContext, double noise, int datasets, int steps,
                           double learningRate, double klWeight, double beta, long seed) {
        this.contexts = contexts;
        this.responses = responses;
        this.pairsPerContext = pairsPerContext;
        this.noise = noise;
        this.datasets = datasets;
        this.steps = steps;
        this.learningRate = learningRate;
        this.klWeight = klWeight;
        this.beta = beta;
        this.seed = seed;
    }

    /** 12 contexts × 6 responses, 6 pairs each, 40% flipped labels, 2 data sets, 100 Adam steps. */
    public static SyntheticBandit noisy40(long seed) {
        return new SyntheticBandit(12, 6, 6, 0.4, 2, 100, 0.05, 0.1, 0.1, seed);
    }

    @Override
    public OptionalDouble evaluate(Node tree) {
        double total = 0;
        for (int d = 0; d < datasets; d++) {
            double value = runOne(tree, new SplittableRandom(EvolutionEngine.mix(seed, d)));
            if (!Double.isFinite(value)) {
                return OptionalDouble.empty();
            }
            total += value;
        }
        return OptionalDouble.of(total / datasets);
    }

    private double runOne(Node tree, SplittableRandom random) {
        double[][] reward = new double[contexts][responses];
        double[][] reference = new double[contexts][responses];
        double[][] length = new double[contexts][responses];
        for (int c = 0; c < contexts; c++) {
            for (int k = 0; k < responses; k++) {
                reward[c][k] = random.nextGaussian();
                reference[c][k] = random.nextGaussian();
                length[c][k] = 1 + random.nextInt(8);
            }
        }
        int pairs = contexts * pairsPerContext;
        int[] context = new int[pairs];
        int[] chosen = new int[pairs];
        int[] rejected = new int[pairs];
        for (int c = 0; c < contexts; c++) {
            double[] refProbs = softmax(reference[c]);
            for (int p = 0; p < pairsPerContext; p++) {
                int i = sample(refProbs, random);
                int j = i;
                while (j == i) {
                    j = sample(refProbs, random);
                }
                boolean iWins = reward[c][i] > reward[c][j];
                if (random.nextDouble() < noise) {
                    iWins = !iWins;
                }
                int index = c * pairsPerContext + p;
                context[index] = c;
                chosen[index] = iWins ? i : j;
                rejected[index] = iWins ? j : i;
            }
        }
        double[][] theta = new double[contexts][];
        double[][] m = new double[contexts][responses];
        double[][] v = new double[contexts][responses];
        for (int c = 0; c < contexts; c++) {
            theta[c] = reference[c].clone();
        }
        for (int step = 1; step <= steps; step++) {
            double[][] grad = new double[contexts][responses];
            double[][] logp = new double[contexts][];
            double[][] probs = new double[contexts][];
            double[][] refLogp = new double[contexts][];
            for (int c = 0; c < contexts; c++) {
                probs[c] = softmax(theta[c]);
                logp[c] = logSoftmax(theta[c]);
                refLogp[c] = logSoftmax(reference[c]);
            }
            for (int p = 0; p < pairs; p++) {
                int c = context[p];
                int w = chosen[p];
                int l = rejected[p];
                double[] out = TreeEvaluator.withGradient(tree, new PairInputs(logp[c][w], logp[c][l], refLogp[c][w],
                        refLogp[c][l], length[c][w], length[c][l], 1.0, reward[c][w], reward[c][l], beta));
                if (!Double.isFinite(out[0]) || !Double.isFinite(out[1]) || !Double.isFinite(out[2])) {
                    return Double.NaN;
                }
                // d log softmax_w / d theta_k = [k = w] - pi_k
                for (int k = 0; k < responses; k++) {
                    double dw = (k == w ? 1 : 0) - probs[c][k];
                    double dl = (k == l ? 1 : 0) - probs[c][k];
                    grad[c][k] += (out[1] * dw + out[2] * dl) / pairs;
                }
            }
            for (int c = 0; c < contexts; c++) {
                for (int k = 0; k < responses; k++) {
                    double g = grad[c][k];
                    m[c][k] = 0.9 * m[c][k] + 0.1 * g;
                    v[c][k] = 0.999 * v[c][k] + 0.001 * g * g;
                    double mHat = m[c][k] / (1 - Math.pow(0.9, step));
                    double vHat = v[c][k] / (1 - Math.pow(0.999, step));
                    theta[c][k] -= learningRate * mHat / (Math.sqrt(vHat) + 1e-8);
                }
            }
        }
        double score = 0;
        for (int c = 0; c < contexts; c++) {
            double[] pi = softmax(theta[c]);
            double[] ref = softmax(reference[c]);
            double[] logPi = logSoftmax(theta[c]);
            double[] logRef = logSoftmax(reference[c]);
            double gain = 0;
            double kl = 0;
            for (int k = 0; k < responses; k++) {
                gain += (pi[k] - ref[k]) * reward[c][k];
                kl += pi[k] * (logPi[k] - logRef[k]);
            }
            score += gain - klWeight * kl;
        }
        return score / contexts;
    }

    private static int sample(double[] probs, SplittableRandom random) {
        double u = random.nextDouble();
        for (int k = 0; k < probs.length; k++) {
            u -= probs[k];
            if (u < 0) {
                return k;
            }
        }
        return probs.length - 1;
    }

    static double[] logSoftmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : logits) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (double x : logits) {
            sum += Math.exp(x - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = logits[i] - log;
        }
        return out;
    }

    static double[] softmax(double[] logits) {
        double[] out = logSoftmax(logits);
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.exp(out[i]);
        }
        return out;
    }
}
