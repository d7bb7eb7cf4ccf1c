package dev.lossforge.task.bandit;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.lossforge.task.BatchInput;
import dev.lossforge.task.InvalidTaskException;
import dev.lossforge.task.RunStatus;
import dev.lossforge.task.Seeds;
import dev.lossforge.task.SeedResult;
import dev.lossforge.task.Task;
import dev.lossforge.task.TaskConfig;
import dev.lossforge.task.TaskRun;
import dev.lossforge.train.PairData;
import dev.lossforge.train.PreferenceTrainer;
import dev.lossforge.train.TrainOutcome;
import dev.lossforge.train.GradMode;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code bandit}: the cheap, low-noise diagnostic, in the spirit of the MPO paper's MuJoCo suite.
 *
 * <p>Contexts with d-dimensional features, K candidate responses each (with features and a length
 * in tokens), a hidden true reward r*, a reference softmax policy that leans away from good
 * responses and towards long ones, and offline preference pairs drawn from the reference and
 * labelled by Bradley-Terry on r* (see {@link BanditWorld} and {@link BanditPairs}). The policy
 * is the reference network (a linear term plus a tanh MLP over the (context, response) features,
 * DJL blocks), trained with the candidate loss; its metrics are exact expectations over the K
 * responses of held-out contexts ({@link BanditMetrics}). Primary fitness:
 * {@code trueRewardGain}, the policy's expected true reward minus the reference's.
 * Everything random (contexts, reward, reference, pairs, labels, batch order) derives from the
 * run's seed. Nothing is cached: building a run takes milliseconds.
 *
 * <p>Variants: {@code clean}; {@code noisy-20}, {@code noisy-40} (that share of labels flipped);
 * {@code mixed-quality} (half the pairs from a near-expert policy, half uniformly random);
 * {@code soft-labels} (the Bradley-Terry probability of the labelled preference as soft label).
 * Every variant carries reward-model scores (r* plus Gaussian noise).
 *
 * <table>
 *   <caption>Settings and their defaults (override with {@code --set key=value})</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>contexts</td><td>256</td><td>training contexts</td></tr>
 *   <tr><td>pairsPerContext</td><td>2</td><td>preference pairs per training context</td></tr>
 *   <tr><td>evalContexts</td><td>512</td><td>held-out contexts the metrics average over</td></tr>
 *   <tr><td>responses</td><td>8</td><td>K, candidate responses per context</td></tr>
 *   <tr><td>featureDim</td><td>6</td><td>d, features of a context and of a response</td></tr>
 *   <tr><td>hiddenUnits</td><td>32</td><td>hidden units of the policy's (and reference's) MLP</td></tr>
 *   <tr><td>minLength, maxLength</td><td>8, 128</td><td>response length in tokens, uniform</td></tr>
 *   <tr><td>referenceScale</td><td>1.5</td><td>spread of the reference's quality logit within a context</td></tr>
 *   <tr><td>lengthBias</td><td>0.5</td><td>reference logit added per unit of scaled length (verbosity bias)</td></tr>
 *   <tr><td>antiCorrelation</td><td>0.5</td><td>how strongly r* opposes the reference's quality logit</td></tr>
 *   <tr><td>rewardScale</td><td>2.0</td><td>spread of r* within a context</td></tr>
 *   <tr><td>rewardModelNoise</td><td>0.5</td><td>standard deviation of the reward-model scores' noise</td></tr>
 *   <tr><td>flipRate</td><td>0 (noisy-20: 0.2, noisy-40: 0.4)</td><td>share of labels flipped</td></tr>
 *   <tr><td>expertShare, randomShare</td><td>0, 0 (mixed-quality: 0.5, 0.5)</td><td>shares of pairs from the near-expert and the uniform policy</td></tr>
 *   <tr><td>expertTemperature</td><td>0.25</td><td>the near-expert policy is softmax(r* / this)</td></tr>
 *   <tr><td>softLabels</td><td>false (soft-labels: true)</td><td>give the Bradley-Terry probability as soft label</td></tr>
 *   <tr><td>steps</td><td>400</td><td>optimizer steps</td></tr>
 *   <tr><td>batchSize</td><td>64</td><td>pairs per step</td></tr>
 *   <tr><td>learningRate</td><td>0.003</td><td>AdamW learning rate</td></tr>
 *   <tr><td>weightDecay</td><td>0</td><td>AdamW decoupled weight decay</td></tr>
 *   <tr><td>beta</td><td>0.1</td><td>the loss's beta</td></tr>
 *   <tr><td>evalEvery</td><td>100</td><td>evaluate every this many steps (0: start and end only)</td></tr>
 *   <tr><td>timeoutSeconds</td><td>120</td><td>the run ends as TIMEOUT after this long (0: no limit)</td></tr>
 * </table>
 */
public final class BanditTask implements Task {

    @Override
    public String name() {
        return "bandit";
    }

    @Override
    public String description() {
        return "contextual bandit with a hidden Bradley-Terry reward: exact true-reward gain over a poor reference, seconds per seed";
    }

    @Override
    public List<String> variants() {
        return List.of(BanditSettings.CLEAN, BanditSettings.NOISY_20, BanditSettings.NOISY_40,
                BanditSettings.MIXED_QUALITY, BanditSettings.SOFT_LABELS);
    }

    @Override
    public TaskConfig defaults(String variant) {
        if (!variants().contains(variant)) {
            throw new InvalidTaskException("task", "task bandit has no variant '" + variant
                    + "' (variants: " + String.join(", ", variants()) + ")");
        }
        return TaskConfig.defaults(BanditSettings.defaults(variant));
    }

    @Override
    public String primaryMetric() {
        return BanditMetrics.PRIMARY;
    }

    /** Reward-model scores in every variant; soft labels where {@code softLabels} is on (the soft-labels variant). */
    @Override
    public Set<BatchInput> optionalInputs(String variant, TaskConfig config) {
        return config.getBoolean("softLabels") ? EnumSet.of(BatchInput.REWARDS, BatchInput.SOFT_LABEL)
                : EnumSet.of(BatchInput.REWARDS);
    }

    @Override
    public void validate(String variant, TaskConfig config) {
        BanditSettings.from(config);
    }

    @Override
    public SeedResult run(TaskRun run) {
        long start = System.nanoTime();
        // libtorch picks kernels by grad mode, which is per thread: the same run on any thread
        GradMode.offOnThisThread();
        BanditSettings settings = BanditSettings.from(run.config());
        BanditWorld world = BanditWorld.generate(settings, run.seed());
        try (NDManager modelManager = NDManager.newBaseManager()) {
            BanditNetwork network = new BanditNetwork(world, modelManager);
            double[] trainReference;
            double[] evalReference;
            try (NDManager m = modelManager.newSubManager()) {
                ParameterStore store = new ParameterStore(m, false);
                trainReference = toDouble(network.logits(store, m, world.train.rows, false).toFloatArray());
                evalReference = toDouble(network.logits(store, m, world.eval.rows, false).toFloatArray());
            }
            BanditPairs pairs = BanditPairs.sample(settings, world, trainReference, run.seed());
            BanditPolicy policy = new BanditPolicy(network, world, pairs);
            float[][] referenceLogps;
            try (NDManager m = modelManager.newSubManager()) {
                referenceLogps = policy.allPairLogps(new ParameterStore(m, false), m);
            }
            PairData data = pairs.pairData(referenceLogps[0], referenceLogps[1]);
            BanditEvaluator evaluator = new BanditEvaluator(network, world, evalReference, settings.beta());
            TrainOutcome outcome = PreferenceTrainer.train(policy, data, run.loss(),
                    settings.trainConfig(Seeds.derive(run.seed(), "bandit.batches")), evaluator, run.listener());
            double fitness = outcome.status() == RunStatus.COMPLETED
                    ? outcome.finalMetrics().getOrDefault(BanditMetrics.PRIMARY, Double.NaN) : Double.NaN;
            return new SeedResult(run.seed(), outcome.status(), outcome.message(), fitness, outcome.finalMetrics(),
                    outcome.curve(), outcome.evaluations(), (System.nanoTime() - start) / 1e9);
        }
    }

    static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
