package dev.lossforge.task.tinylm;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.lossforge.task.SeedResult;
import dev.lossforge.task.Task;
import dev.lossforge.task.TaskConfig;
import dev.lossforge.task.TaskRun;
import dev.lossforge.task.cache.CacheKey;
import dev.lossforge.task.lm.CausalLm;
import dev.lossforge.task.lm.LmPolicy;
import dev.lossforge.task.lm.LmRuns;
import dev.lossforge.task.lm.LmShape;
import dev.lossforge.task.lm.ParameterCodec;
import dev.lossforge.task.lm.ReferenceModels;
import dev.lossforge.task.lm.Sampler;
import dev.lossforge.task.lm.SequenceScorer;
import dev.lossforge.task.lm.Streams;
import dev.lossforge.task.lm.SupervisedTrainer;
import dev.lossforge.task.lm.TokenSequence;
import dev.lossforge.train.PairData;
import dev.lossforge.train.PreferenceTrainer;
import dev.lossforge.train.TrainOutcome;
import dev.lossforge.train.GradMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * DiscoPOP's IMDb experiment in miniature. A small transformer ({@link CausalLm}) is pretrained
 * on reviews of a generated grammar ({@link ReviewGrammar}) and becomes the reference. Each
 * training prompt (the first two to five words of a fresh review) gets two continuations sampled
 * from the reference; the programmatic sentiment score is the reward, and a Bradley–Terry draw on
 * the two scores decides which one is chosen (the pair also carries the scores as reward-model
 * scores and the Bradley–Terry probability as its soft label). After preference training the
 * policy's continuations of held-out prompts are compared with the reference's
 * ({@link SentimentEvaluator}). Fitness: {@code winRate}, higher is better, 0.5 for a policy
 * that is no better than the reference.
 *
 * <p>The reference depends on the model and pretraining settings and the seed only; it is
 * built once and cached. Everything else (prompts, pairs, labels, held-out prompts, samples) is
 * drawn from named streams of the seed.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>steps</td><td>150</td><td>preference-training steps</td></tr>
 *   <tr><td>batchSize</td><td>32</td><td>pairs per step</td></tr>
 *   <tr><td>learningRate</td><td>1e-4</td><td>AdamW learning rate</td></tr>
 *   <tr><td>weightDecay</td><td>0.0</td><td>AdamW weight decay</td></tr>
 *   <tr><td>beta</td><td>0.1</td><td>the loss's β</td></tr>
 *   <tr><td>evalEvery</td><td>0</td><td>evaluate every so many steps (0: at the start and the end only)</td></tr>
 *   <tr><td>timeoutSeconds</td><td>600</td><td>time limit of preference training and evaluation (0: none)</td></tr>
 *   <tr><td>pairs</td><td>1024</td><td>training prompts, one pair each</td></tr>
 *   <tr><td>labelTemperature</td><td>1.0</td><td>Bradley–Terry temperature τ: P(a ≻ b) = σ((r_a − r_b)/τ)</td></tr>
 *   <tr><td>evalPrompts</td><td>256</td><td>held-out prompts</td></tr>
 *   <tr><td>evalSamples</td><td>4</td><td>policy continuations per held-out prompt</td></tr>
 *   <tr><td>referenceSamples</td><td>8</td><td>reference continuations per held-out prompt, for the win rate</td></tr>
 *   <tr><td>maxNewTokens</td><td>24</td><td>longest continuation</td></tr>
 *   <tr><td>modelDim</td><td>256</td><td>transformer width (reference)</td></tr>
 *   <tr><td>heads</td><td>4</td><td>attention heads (reference)</td></tr>
 *   <tr><td>layers</td><td>2</td><td>decoder blocks (reference)</td></tr>
 *   <tr><td>ffnDim</td><td>1024</td><td>feed-forward width (reference)</td></tr>
 *   <tr><td>pretrainSteps</td><td>400</td><td>pretraining steps (reference)</td></tr>
 *   <tr><td>pretrainBatchSize</td><td>64</td><td>reviews per pretraining step (reference)</td></tr>
 *   <tr><td>pretrainLearningRate</td><td>1e-3</td><td>peak pretraining learning rate (reference)</td></tr>
 * </table>
 */
public final class TinyLmSentimentTask implements Task {

    public static final String NAME = "tinylm-sentiment";
    private static final Logger LOG = LoggerFactory.getLogger(TinyLmSentimentTask.class);
    /** Bump when the grammar, the model or pretraining changes, so that old cache entries are not used. */
    private static final int REFERENCE_FORMAT = 1;
    private static final String[] REFERENCE_KEYS = {"modelDim", "heads", "layers", "ffnDim", "pretrainSteps",
            "pretrainBatchSize", "pretrainLearningRate"};
    private static final int CONTEXT = 32;
    private static final int CHUNK = 256;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "tiny transformer pretrained on a sentiment grammar; reward = sentiment score; fitness = win rate over the reference";
    }

    @Override
    public List<String> variants() {
        return List.of("default");
    }

    @Override
    public TaskConfig defaults(String variant) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("steps", 150);
        d.put("batchSize", 32);
        d.put("learningRate", 1e-4);
        d.put("weightDecay", 0.0);
        d.put("beta", 0.1);
        d.put("evalEvery", 0);
        d.put("timeoutSeconds", 600.0);
        d.put("pairs", 1024);
        d.put("labelTemperature", 1.0);
        d.put("evalPrompts", 256);
        d.put("evalSamples", 4);
        d.put("referenceSamples", 8);
        d.put("maxNewTokens", 24);
        d.put("modelDim", 256);
        d.put("heads", 4);
        d.put("layers", 2);
        d.put("ffnDim", 1024);
        d.put("pretrainSteps", 400);
        d.put("pretrainBatchSize", 64);
        d.put("pretrainLearningRate", 1e-3);
        return TaskConfig.defaults(d);
    }

    @Override
    public String primaryMetric() {
        return "winRate";
    }

    @Override
    public void validate(String variant, TaskConfig config) {
        LmRuns.validateTrainingAndModel(config);
        LmRuns.requireBetween(config, "pairs", 1, 10_000_000);
        LmRuns.requireAbove(config, "labelTemperature", 0);
        LmRuns.requireBetween(config, "evalPrompts", 1, 1_000_000);
        LmRuns.requireBetween(config, "evalSamples", 1, 10_000);
        LmRuns.requireBetween(config, "referenceSamples", 1, 10_000);
        // the longest prompt is <bos> and five words
        LmRuns.requireBetween(config, "maxNewTokens", 1, CONTEXT - 6);
        LmRuns.requireBetween(config, "pretrainSteps", 0, 10_000_000);
        LmRuns.requireBetween(config, "pretrainBatchSize", 1, 1_000_000);
        LmRuns.requireAbove(config, "pretrainLearningRate", 0);
    }

    @Override
    public SeedResult run(TaskRun run) {
        long start = System.nanoTime();
        // libtorch picks kernels by grad mode, which is per thread: the same run on any thread
        GradMode.offOnThisThread();
        TaskConfig config = run.config();
        validate(run.variant(), config);
        long seed = run.seed();
        LmShape shape = shape(config);
        try (NDManager manager = NDManager.newBaseManager()) {
            CacheKey key = new CacheKey(NAME, run.variant(), referenceSettings(config), seed);
            ReferenceModels models = ReferenceModels.load(manager, shape, LmRuns.cache(run), key,
                    () -> pretrain(shape, config, seed, manager, run));
            LOG.info("{} seed {}: reference {}", NAME, seed, models.fromCache() ? "loaded from the cache" : "built");
            SequenceScorer reference = new SequenceScorer(models.reference(), ReviewGrammar.PAD);
            SequenceScorer policy = new SequenceScorer(models.policy(), ReviewGrammar.PAD);
            ParameterStore referenceStore = new ParameterStore(manager, false);
            Sampler sampler = new Sampler(models.reference(), ReviewGrammar.EOS, config.getInt("maxNewTokens"), CHUNK);

            Pairs pairs = pairs(config, seed, sampler, reference, referenceStore, manager);
            List<int[]> evalPrompts = prompts(Streams.of(seed, "eval-prompts"), config.getInt("evalPrompts"));
            List<int[]> referenceSamples = sampler.sample(referenceStore, manager,
                    repeat(evalPrompts, config.getInt("referenceSamples")), Streams.of(seed, "reference-samples"));
            SentimentEvaluator evaluator = new SentimentEvaluator(policy, reference, referenceStore,
                    new Sampler(models.policy(), ReviewGrammar.EOS, config.getInt("maxNewTokens"), CHUNK),
                    evalPrompts, referenceSamples, config.getInt("evalSamples"), seed);

            TrainOutcome outcome = PreferenceTrainer.train(new LmPolicy(policy, pairs.chosen, pairs.rejected),
                    pairs.data, run.loss(), LmRuns.trainConfig(config, seed), evaluator, run.listener());
            return LmRuns.result(seed, outcome, primaryMetric(), start);
        }
    }

    /** The model a configuration describes (the vocabulary and context are the grammar's). */
    public static LmShape shape(TaskConfig config) {
        return new LmShape(ReviewGrammar.vocabularySize(), CONTEXT, config.getInt("modelDim"), config.getInt("heads"),
                config.getInt("layers"), config.getInt("ffnDim"));
    }

    static Map<String, Object> referenceSettings(TaskConfig config) {
        Map<String, Object> settings = LmRuns.subset(config, REFERENCE_KEYS);
        settings.put("format", REFERENCE_FORMAT);
        return settings;
    }

    /** Pretrains a fresh model on reviews from the grammar and returns its parameters. */
    private static byte[] pretrain(LmShape shape, TaskConfig config, long seed, NDManager parent, TaskRun run) {
        try (NDManager manager = parent.newSubManager()) {
            CausalLm lm = new CausalLm(shape).initialize(manager, Streams.of(seed, "init").nextLong());
            SplittableRandom reviews = Streams.of(seed, "pretrain");
            int batchSize = config.getInt("pretrainBatchSize");
            int steps = config.getInt("pretrainSteps");
            SupervisedTrainer.train(new SequenceScorer(lm, ReviewGrammar.PAD), manager,
                    new SupervisedTrainer.Settings(steps, config.getDouble("pretrainLearningRate"), 0.0,
                            Math.max(1, steps / 20)),
                    step -> {
                        List<TokenSequence> batch = new ArrayList<>(batchSize);
                        for (int i = 0; i < batchSize; i++) {
                            batch.add(new TokenSequence(ReviewGrammar.review(reviews), 1));
                        }
                        return batch;
                    }, run.listener());
            return ParameterCodec.encode(lm);
        }
    }

    /** The training pairs, their sequences and their fixed inputs. */
    record Pairs(List<TokenSequence> chosen, List<TokenSequence> rejected, PairData data) {
    }

    static Pairs pairs(TaskConfig config, long seed, Sampler sampler, SequenceScorer reference,
                       ParameterStore referenceStore, NDManager manager) {
        int n = config.getInt("pairs");
        double temperature = config.getDouble("labelTemperature");
        List<int[]> prompts = prompts(Streams.of(seed, "prompts"), n);
        List<int[]> samples = sampler.sample(referenceStore, manager, repeat(prompts, 2), Streams.of(seed, "pair-samples"));
        SplittableRandom labels = Streams.of(seed, "labels");
        List<TokenSequence> chosen = new ArrayList<>(n);
        List<TokenSequence> rejected = new ArrayList<>(n);
        float[] chosenLengths = new float[n];
        float[] rejectedLengths = new float[n];
        float[] softLabel = new float[n];
        float[] rewardChosen = new float[n];
        float[] rewardRejected = new float[n];
        for (int i = 0; i < n; i++) {
            int[] prompt = prompts.get(i);
            int[] a = samples.get(2 * i);
            int[] b = samples.get(2 * i + 1);
            int scoreA = SentimentEvaluator.score(prompt, a);
            int scoreB = SentimentEvaluator.score(prompt, b);
            double pA = 1 / (1 + Math.exp(-(scoreA - scoreB) / temperature));
            boolean aWins = labels.nextDouble() < pA;
            int[] w = aWins ? a : b;
            int[] l = aWins ? b : a;
            chosen.add(TokenSequence.of(prompt, w));
            rejected.add(TokenSequence.of(prompt, l));
            chosenLengths[i] = w.length;
            rejectedLengths[i] = l.length;
            softLabel[i] = (float) (aWins ? pA : 1 - pA);
            rewardChosen[i] = aWins ? scoreA : scoreB;
            rewardRejected[i] = aWins ? scoreB : scoreA;
        }
        float[] referenceChosen = reference.responseLogps(referenceStore, manager, chosen, CHUNK);
        float[] referenceRejected = reference.responseLogps(referenceStore, manager, rejected, CHUNK);
        return new Pairs(chosen, rejected, new PairData(referenceChosen, referenceRejected, chosenLengths,
                rejectedLengths, softLabel, rewardChosen, rewardRejected));
    }

    /** Prompts: {@code <bos>} and the first two to five words of fresh reviews. */
    static List<int[]> prompts(SplittableRandom random, int n) {
        List<int[]> prompts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] review = ReviewGrammar.review(random);
            int words = 2 + random.nextInt(4);
            prompts.add(java.util.Arrays.copyOf(review, 1 + words));
        }
        return prompts;
    }

    private static List<int[]> repeat(List<int[]> prompts, int times) {
        List<int[]> repeated = new ArrayList<>(prompts.size() * times);
        for (int[] prompt : prompts) {
            for (int t = 0; t < times; t++) {
                repeated.add(prompt);
            }
        }
        return repeated;
    }
}
