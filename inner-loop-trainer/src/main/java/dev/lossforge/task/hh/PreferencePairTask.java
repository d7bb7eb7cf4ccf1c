package dev.lossforge.task.hh;

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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Preference training on real text pairs, shared by {@code hh-rlhf} and {@code jsonl}, which
 * differ only in where their pairs come from. The pairs are split by the seed into training and
 * held-out pairs ({@link PairSplit}); texts become bytes ({@link ByteTokenizer}: the prompt keeps
 * its last {@code promptBytes}, each response its first {@code responseBytes}). A small byte-level
 * transformer trained from scratch by SFT on the chosen responses of the training pairs, given
 * their prompts, is the reference (built once per data, settings and seed, and cached). After
 * preference training the held-out pairs are ranked by the implicit reward
 * ({@link RankingEvaluator}). Fitness: {@code pairAccuracy}, 0.5 for the untrained reference.
 *
 * <table>
 *   <caption>Settings and defaults (both tasks)</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>steps</td><td>150</td><td>preference-training steps</td></tr>
 *   <tr><td>batchSize</td><td>16</td><td>pairs per step</td></tr>
 *   <tr><td>learningRate</td><td>1e-4</td><td>AdamW learning rate</td></tr>
 *   <tr><td>weightDecay</td><td>0.0</td><td>AdamW weight decay</td></tr>
 *   <tr><td>beta</td><td>0.1</td><td>the loss's β, also the scale of the implicit reward</td></tr>
 *   <tr><td>evalEvery</td><td>0</td><td>evaluate every so many steps (0: at the start and the end only)</td></tr>
 *   <tr><td>timeoutSeconds</td><td>900</td><td>time limit of preference training and evaluation (0: none)</td></tr>
 *   <tr><td>heldOutFraction</td><td>0.2</td><td>share of the pairs held out for evaluation (reference)</td></tr>
 *   <tr><td>promptBytes</td><td>32</td><td>prompt bytes kept, from its end (reference)</td></tr>
 *   <tr><td>responseBytes</td><td>32</td><td>response bytes kept, from its start (reference)</td></tr>
 *   <tr><td>modelDim</td><td>256</td><td>transformer width (reference)</td></tr>
 *   <tr><td>heads</td><td>4</td><td>attention heads (reference)</td></tr>
 *   <tr><td>layers</td><td>2</td><td>decoder blocks (reference)</td></tr>
 *   <tr><td>ffnDim</td><td>1024</td><td>feed-forward width (reference)</td></tr>
 *   <tr><td>sftSteps</td><td>600</td><td>SFT steps (reference)</td></tr>
 *   <tr><td>sftBatchSize</td><td>32</td><td>chosen responses per SFT step (reference)</td></tr>
 *   <tr><td>sftLearningRate</td><td>1e-3</td><td>peak SFT learning rate (reference)</td></tr>
 * </table>
 */
public abstract class PreferencePairTask implements Task {

    private static final Logger LOG = LoggerFactory.getLogger(PreferencePairTask.class);
    /** Bump when tokenisation, the model or SFT changes, so that old cache entries are not used. */
    private static final int REFERENCE_FORMAT = 1;
    private static final String[] REFERENCE_KEYS = {"heldOutFraction", "promptBytes", "responseBytes", "modelDim",
            "heads", "layers", "ffnDim", "sftSteps", "sftBatchSize", "sftLearningRate"};

    /** The pairs this task trains and evaluates on. */
    protected abstract List<TextPair> pairs(TaskConfig config);

    /** Settings of this task beyond the shared ones (appended to the defaults). */
    protected Map<String, Object> extraDefaults() {
        return Map.of();
    }

    @Override
    public TaskConfig defaults(String variant) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("steps", 150);
        d.put("batchSize", 16);
        d.put("learningRate", 1e-4);
        d.put("weightDecay", 0.0);
        d.put("beta", 0.1);
        d.put("evalEvery", 0);
        d.put("timeoutSeconds", 900.0);
        d.put("heldOutFraction", 0.2);
        d.put("promptBytes", 32);
        d.put("responseBytes", 32);
        d.put("modelDim", 256);
        d.put("heads", 4);
        d.put("layers", 2);
        d.put("ffnDim", 1024);
        d.put("sftSteps", 600);
        d.put("sftBatchSize", 32);
        d.put("sftLearningRate", 1e-3);
        d.putAll(extraDefaults());
        return TaskConfig.defaults(d);
    }

    @Override
    public String primaryMetric() {
        return "pairAccuracy";
    }

    @Override
    public SeedResult run(TaskRun run) {
        long start = System.nanoTime();
        // libtorch picks kernels by grad mode, which is per thread: the same run on any thread
        GradMode.offOnThisThread();
        TaskConfig config = run.config();
        long seed = run.seed();
        validate(run.variant(), config);
        List<TextPair> pairs = pairs(config);
        PairSplit split = PairSplit.of(pairs.size(), config.getDouble("heldOutFraction"), seed);
        ByteTokenizer tokenizer = tokenizer(config);
        Encoded train = encode(pairs, split.train(), tokenizer);
        Encoded heldOut = encode(pairs, split.heldOut(), tokenizer);
        LmShape shape = shape(config);

        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Object> settings = LmRuns.subset(config, REFERENCE_KEYS);
            settings.put("data", fingerprint(pairs));
            settings.put("format", REFERENCE_FORMAT);
            CacheKey key = new CacheKey(name(), run.variant(), settings, seed);
            ReferenceModels models = ReferenceModels.load(manager, shape, LmRuns.cache(run), key,
                    () -> supervisedWarmUp(shape, config, seed, train.chosen, manager, run));
            LOG.info("{} seed {}: reference {}", name(), seed, models.fromCache() ? "loaded from the cache" : "built");
            SequenceScorer reference = new SequenceScorer(models.reference(), ByteTokenizer.EOS);
            SequenceScorer policy = new SequenceScorer(models.policy(), ByteTokenizer.EOS);
            ParameterStore referenceStore = new ParameterStore(manager, false);

            float[] referenceChosen = reference.responseLogps(referenceStore, manager, train.chosen, RankingEvaluator.CHUNK);
            float[] referenceRejected = reference.responseLogps(referenceStore, manager, train.rejected, RankingEvaluator.CHUNK);
            PairData data = new PairData(referenceChosen, referenceRejected, lengths(train.chosen), lengths(train.rejected),
                    null, null, null);
            RankingEvaluator evaluator = new RankingEvaluator(policy, reference, referenceStore, manager,
                    heldOut.chosen, heldOut.rejected, config.getDouble("beta"));

            TrainOutcome outcome = PreferenceTrainer.train(new LmPolicy(policy, train.chosen, train.rejected), data,
                    run.loss(), LmRuns.trainConfig(config, seed), evaluator, run.listener());
            return LmRuns.result(seed, outcome, primaryMetric(), start);
        }
    }

    /** The byte-level model a configuration describes; its context fits the longest sequence. */
    public static LmShape shape(TaskConfig config) {
        return new LmShape(ByteTokenizer.VOCABULARY, tokenizer(config).longest(), config.getInt("modelDim"),
                config.getInt("heads"), config.getInt("layers"), config.getInt("ffnDim"));
    }

    private static ByteTokenizer tokenizer(TaskConfig config) {
        return new ByteTokenizer(config.getInt("promptBytes"), config.getInt("responseBytes"));
    }

    @Override
    public void validate(String variant, TaskConfig config) {
        LmRuns.validateTrainingAndModel(config);
        LmRuns.requireBetween(config, "heldOutFraction", 1e-6, 1 - 1e-6);
        LmRuns.requireBetween(config, "promptBytes", 1, 100_000);
        LmRuns.requireBetween(config, "responseBytes", 1, 100_000);
        LmRuns.requireBetween(config, "sftSteps", 0, 10_000_000);
        LmRuns.requireBetween(config, "sftBatchSize", 1, 1_000_000);
        LmRuns.requireAbove(config, "sftLearningRate", 0);
    }

    /** Token sequences of some pairs: prompt + chosen, prompt + rejected. */
    record Encoded(List<TokenSequence> chosen, List<TokenSequence> rejected) {
    }

    static Encoded encode(List<TextPair> pairs, int[] indices, ByteTokenizer tokenizer) {
        List<TokenSequence> chosen = new ArrayList<>(indices.length);
        List<TokenSequence> rejected = new ArrayList<>(indices.length);
        for (int i : indices) {
            TextPair pair = pairs.get(i);
            chosen.add(tokenizer.encode(pair.prompt(), pair.chosen()));
            rejected.add(tokenizer.encode(pair.prompt(), pair.rejected()));
        }
        return new Encoded(chosen, rejected);
    }

    /** SFT of a fresh model on the chosen responses of the training pairs; returns its parameters. */
    private static byte[] supervisedWarmUp(LmShape shape, TaskConfig config, long seed, List<TokenSequence> chosen,
                                           NDManager parent, TaskRun run) {
        try (NDManager manager = parent.newSubManager()) {
            CausalLm lm = new CausalLm(shape).initialize(manager, Streams.of(seed, "init").nextLong());
            int batchSize = config.getInt("sftBatchSize");
            int steps = config.getInt("sftSteps");
            EpochOrder order = new EpochOrder(chosen.size(), Streams.of(seed, "sft"));
            SupervisedTrainer.train(new SequenceScorer(lm, ByteTokenizer.EOS), manager,
                    new SupervisedTrainer.Settings(steps, config.getDouble("sftLearningRate"), 0.0, Math.max(1, steps / 20)),
                    step -> {
                        List<TokenSequence> batch = new ArrayList<>(batchSize);
                        for (int i = 0; i < batchSize; i++) {
                            batch.add(chosen.get(order.next()));
                        }
                        return batch;
                    }, run.listener());
            return ParameterCodec.encode(lm);
        }
    }

    /** Indices in a fresh random order each epoch. */
    private static final class EpochOrder {
        private final int[] order;
        private final SplittableRandom random;
        private int cursor;

        EpochOrder(int n, SplittableRandom random) {
            this.order = new int[n];
            this.random = random;
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            cursor = n;
        }

        int next() {
            if (cursor == order.length) {
                for (int i = order.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                cursor = 0;
            }
            return order[cursor++];
        }
    }

    private static float[] lengths(List<TokenSequence> sequences) {
        float[] lengths = new float[sequences.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = sequences.get(i).responseLength();
        }
        return lengths;
    }

    /** SHA-256 of the pairs' texts: the cache key changes with the data, not with a file's name. */
    static String fingerprint(List<TextPair> pairs) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (TextPair pair : pairs) {
                for (String text : new String[] {pair.prompt(), pair.chosen(), pair.rejected()}) {
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    digest.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
                    digest.update(bytes);
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
