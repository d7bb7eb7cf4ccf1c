package dev.lossforge.task.tinylm;

import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.task.EvalPoint;
import dev.lossforge.task.InvalidTaskException;
import dev.lossforge.task.ResolvedTask;
import dev.lossforge.task.RunStatus;
import dev.lossforge.task.SeedResult;
import dev.lossforge.task.TaskRegistry;
import dev.lossforge.task.TaskRun;
import dev.lossforge.task.cache.ArtifactCache;
import dev.lossforge.task.cache.CacheKey;
import dev.lossforge.task.lm.RecordingListener;
import dev.lossforge.task.lm.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The sentiment task at CI size: a 64-wide model, a few hundred pairs. */
class TinyLmSentimentTaskTest {

    static final Map<String, Object> SMALL = Map.ofEntries(
            Map.entry("modelDim", 64), Map.entry("heads", 2), Map.entry("layers", 2), Map.entry("ffnDim", 256),
            Map.entry("pretrainSteps", 200), Map.entry("pretrainBatchSize", 32), Map.entry("pretrainLearningRate", 3e-3),
            Map.entry("pairs", 512), Map.entry("steps", 100), Map.entry("batchSize", 16), Map.entry("learningRate", 1e-3),
            Map.entry("evalPrompts", 32), Map.entry("evalSamples", 4), Map.entry("referenceSamples", 4));

    @TempDir
    static Path cache;

    private static SeedResult run(long seed, RecordingListener listener) {
        ResolvedTask task = TaskRegistry.resolve("tinylm-sentiment", SMALL);
        return task.task().run(new TaskRun(task.variant(), task.config(), BuiltinLosses.get("dpo").newInstance(), seed,
                listener, cache));
    }

    @Test
    void dpoWinsOverTheReference() {
        SeedResult result = run(42, new RecordingListener());

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        EvalPoint start = result.evaluations().get(0);
        assertThat(start.step()).isZero();
        assertThat(start.metrics().get("kl")).isEqualTo(0.0, within(1e-4));
        assertThat(start.metrics().get("winRate")).isBetween(0.4, 0.6);
        assertThat(result.fitness()).isEqualTo(result.metrics().get("winRate"));
        assertThat(result.fitness()).isGreaterThan(0.6);
        assertThat(result.metrics().get("rewardGain")).isGreaterThan(0.3);
        assertThat(result.metrics().get("kl")).isGreaterThan(0.0);
    }

    @Test
    void sameSeedSameResultFromTheCacheAndAfterARebuild() throws IOException {
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        SeedResult built = run(7, first);
        SeedResult loaded = run(7, second);

        assertThat(first.referenceSteps()).isEqualTo(200);
        assertThat(second.referenceSteps()).as("the second run loads the reference").isZero();
        assertSameMetrics(loaded, built);

        Path entry = entry(7);
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(entry, bytes);
        RecordingListener third = new RecordingListener();
        SeedResult rebuilt = run(7, third);

        assertThat(third.referenceSteps()).as("a damaged entry is rebuilt").isEqualTo(200);
        assertSameMetrics(rebuilt, built);
        assertThat(ArtifactCache.problemOf(entry, key(7))).isNull();
    }

    @Test
    void differentSeedsDrawDifferentData() {
        List<int[]> a = TinyLmSentimentTask.prompts(Streams.of(1, "prompts"), 50);
        List<int[]> b = TinyLmSentimentTask.prompts(Streams.of(2, "prompts"), 50);
        List<int[]> again = TinyLmSentimentTask.prompts(Streams.of(1, "prompts"), 50);

        assertThat(texts(a)).isEqualTo(texts(again));
        assertThat(texts(a)).isNotEqualTo(texts(b));
        assertThat(key(1).fileName()).isNotEqualTo(key(2).fileName());
    }

    @Test
    void rejectsSettingsOutOfRange() {
        assertThatThrownBy(() -> TaskRegistry.resolve("tinylm-sentiment", Map.of("maxNewTokens", "40")))
                .isInstanceOfSatisfying(InvalidTaskException.class,
                        e -> assertThat(e.field()).isEqualTo("taskConfig.maxNewTokens"));
        assertThatThrownBy(() -> TaskRegistry.resolve("tinylm-sentiment", Map.of("heads", "3")))
                .isInstanceOfSatisfying(InvalidTaskException.class, e -> assertThat(e.field()).isEqualTo("taskConfig.heads"));
    }

    private static CacheKey key(long seed) {
        ResolvedTask task = TaskRegistry.resolve("tinylm-sentiment", SMALL);
        return new CacheKey("tinylm-sentiment", "default", TinyLmSentimentTask.referenceSettings(task.config()), seed);
    }

    private static Path entry(long seed) {
        return new ArtifactCache(cache).pathOf(key(seed));
    }

    private static List<String> texts(List<int[]> prompts) {
        return prompts.stream().map(ReviewGrammar::text).toList();
    }

    private static void assertSameMetrics(SeedResult actual, SeedResult expected) {
        assertThat(actual.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(actual.metrics().keySet()).isEqualTo(expected.metrics().keySet());
        expected.metrics().forEach((name, value) ->
                assertThat(actual.metrics().get(name)).as(name).isEqualTo(value, within(1e-6)));
    }
}
