package dev.lossforge.task.hh;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.lossforge.task.lm.SequenceScorer;
import dev.lossforge.task.lm.TokenSequence;
import dev.lossforge.train.Evaluator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores the held-out pairs with the policy's implicit reward β·(log π(y|x) − log π_ref(y|x)):
 *
 * <ul>
 *   <li>{@code pairAccuracy} (the fitness): share of pairs whose chosen response gets the higher
 *       implicit reward, ties ½ — exactly 0.5 for the untrained reference, whose implicit rewards
 *       are all zero (policy and reference log-probabilities come from identical batches, so
 *       equal weights give bit-identical numbers);</li>
 *   <li>{@code auc}: the implicit reward as a classifier of all chosen against all rejected
 *       responses;</li>
 *   <li>{@code margin}: mean implicit reward of chosen minus rejected;</li>
 *   <li>{@code chosenReward}, {@code rejectedReward}: mean implicit rewards of each side;</li>
 *   <li>{@code referenceLikelihoodAccuracy}: for context, the share of pairs in which the
 *       reference itself gives the chosen response the higher log-likelihood (the same at every
 *       evaluation).</li>
 * </ul>
 */
final class RankingEvaluator implements Evaluator {

    static final int CHUNK = 64;

    private final SequenceScorer policy;
    private final List<TokenSequence> sequences;
    private final float[] referenceLogps;
    private final int pairs;
    private final double beta;
    private final double referenceLikelihoodAccuracy;

    RankingEvaluator(SequenceScorer policy, SequenceScorer reference, ParameterStore referenceStore, NDManager manager,
                     List<TokenSequence> chosen, List<TokenSequence> rejected, double beta) {
        this.policy = policy;
        this.pairs = chosen.size();
        this.beta = beta;
        sequences = new ArrayList<>(chosen);
        sequences.addAll(rejected);
        referenceLogps = reference.responseLogps(referenceStore, manager, sequences, CHUNK);
        double[][] split = split(referenceLogps, 1);
        referenceLikelihoodAccuracy = RankingMetrics.pairAccuracy(split[0], split[1]);
    }

    @Override
    public Map<String, Double> evaluate(ParameterStore parameters, NDManager manager) {
        float[] policyLogps = policy.responseLogps(parameters, manager, sequences, CHUNK);
        float[] rewards = new float[policyLogps.length];
        for (int i = 0; i < rewards.length; i++) {
            rewards[i] = policyLogps[i] - referenceLogps[i];
        }
        double[][] split = split(rewards, beta);
        double[] chosen = split[0];
        double[] rejected = split[1];
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("pairAccuracy", RankingMetrics.pairAccuracy(chosen, rejected));
        metrics.put("auc", RankingMetrics.auc(chosen, rejected));
        metrics.put("margin", RankingMetrics.meanMargin(chosen, rejected));
        metrics.put("chosenReward", mean(chosen));
        metrics.put("rejectedReward", mean(rejected));
        metrics.put("referenceLikelihoodAccuracy", referenceLikelihoodAccuracy);
        return metrics;
    }

    /** Chosen then rejected halves, scaled. */
    private double[][] split(float[] values, double scale) {
        double[] chosen = new double[pairs];
        double[] rejected = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            chosen[i] = scale * values[i];
            rejected[i] = scale * values[pairs + i];
        }
        return new double[][] {chosen, rejected};
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
