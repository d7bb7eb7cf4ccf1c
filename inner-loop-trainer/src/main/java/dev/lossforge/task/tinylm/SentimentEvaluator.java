package dev.lossforge.task.tinylm;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.lossforge.task.lm.Sampler;
import dev.lossforge.task.lm.SequenceScorer;
import dev.lossforge.task.lm.Streams;
import dev.lossforge.task.lm.TokenSequence;
import dev.lossforge.train.Evaluator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples continuations of the held-out prompts from the policy and measures them against the
 * reference's own samples of the same prompts:
 *
 * <ul>
 *   <li>{@code winRate} (the fitness): over every prompt, policy sample and reference sample of
 *       that prompt, 1 when the policy's continuation scores higher, ½ on a tie;</li>
 *   <li>{@code meanReward} and {@code referenceReward}: mean sentiment score of the policy's and
 *       the reference's continuations, and {@code rewardGain}, their difference;</li>
 *   <li>{@code kl}: Monte Carlo KL(policy ‖ reference), the mean over the policy's samples of
 *       log π(y|x) − log π_ref(y|x), in nats per continuation; with {@code meanReward} it is the
 *       reward-vs-KL point;</li>
 *   <li>{@code meanLength}: mean continuation length in tokens.</li>
 * </ul>
 *
 * The policy's samples use the same random stream at every evaluation, so that the evaluations
 * along one run differ by the policy only.
 */
final class SentimentEvaluator implements Evaluator {

    private static final int CHUNK = 256;

    private final SequenceScorer policy;
    private final SequenceScorer reference;
    private final ParameterStore referenceStore;
    private final Sampler policySampler;
    private final List<int[]> prompts;
    private final int samplesPerPrompt;
    private final int[][] referenceScores;
    private final double referenceReward;
    private final long seed;

    /**
     * @param prompts          held-out prompts
     * @param referenceSamples continuations the reference drew, {@code referenceScores.length /
     *                         prompts.size()} per prompt, prompt by prompt
     */
    SentimentEvaluator(SequenceScorer policy, SequenceScorer reference, ParameterStore referenceStore,
                       Sampler policySampler, List<int[]> prompts, List<int[]> referenceSamples,
                       int samplesPerPrompt, long seed) {
        this.policy = policy;
        this.reference = reference;
        this.referenceStore = referenceStore;
        this.policySampler = policySampler;
        this.prompts = prompts;
        this.samplesPerPrompt = samplesPerPrompt;
        this.seed = seed;
        int perPrompt = referenceSamples.size() / prompts.size();
        referenceScores = new int[prompts.size()][perPrompt];
        double total = 0;
        for (int p = 0; p < prompts.size(); p++) {
            for (int s = 0; s < perPrompt; s++) {
                referenceScores[p][s] = score(prompts.get(p), referenceSamples.get(p * perPrompt + s));
                total += referenceScores[p][s];
            }
        }
        referenceReward = total / referenceSamples.size();
    }

    @Override
    public Map<String, Double> evaluate(ParameterStore parameters, NDManager manager) {
        List<int[]> repeated = new ArrayList<>(prompts.size() * samplesPerPrompt);
        for (int[] prompt : prompts) {
            for (int s = 0; s < samplesPerPrompt; s++) {
                repeated.add(prompt);
            }
        }
        List<int[]> samples = policySampler.sample(parameters, manager, repeated, Streams.of(seed, "policy-samples"));

        double wins = 0;
        double reward = 0;
        double length = 0;
        List<TokenSequence> sequences = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            int p = i / samplesPerPrompt;
            int score = score(prompts.get(p), samples.get(i));
            reward += score;
            length += samples.get(i).length;
            for (int r : referenceScores[p]) {
                wins += score > r ? 1.0 : score == r ? 0.5 : 0.0;
            }
            sequences.add(TokenSequence.of(prompts.get(p), samples.get(i)));
        }
        float[] policyLogps = policy.responseLogps(parameters, manager, sequences, CHUNK);
        float[] referenceLogps = reference.responseLogps(referenceStore, manager, sequences, CHUNK);
        double kl = 0;
        for (int i = 0; i < sequences.size(); i++) {
            kl += (double) policyLogps[i] - referenceLogps[i];
        }

        int n = samples.size();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("winRate", wins / (n * (double) referenceScores[0].length));
        metrics.put("meanReward", reward / n);
        metrics.put("referenceReward", referenceReward);
        metrics.put("rewardGain", reward / n - referenceReward);
        metrics.put("kl", kl / n);
        metrics.put("meanLength", length / n);
        return metrics;
    }

    /** Sentiment of the continuation, read in the context of its prompt. */
    static int score(int[] prompt, int[] continuation) {
        return ReviewGrammar.sentiment(TokenSequence.of(prompt, continuation).tokens(), prompt.length);
    }
}
