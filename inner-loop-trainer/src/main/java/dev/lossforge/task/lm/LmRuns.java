package dev.lossforge.task.lm;

import dev.lossforge.task.RunStatus;
import dev.lossforge.task.SeedResult;
import dev.lossforge.task.TaskConfig;
import dev.lossforge.task.TaskRun;
import dev.lossforge.task.cache.ArtifactCache;
import dev.lossforge.task.cache.CacheLocation;
import dev.lossforge.train.TrainConfig;
import dev.lossforge.train.TrainOutcome;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the LM tasks share around the trainer: its settings, the cache, the result. */
public final class LmRuns {

    /** The preference-training settings every task accepts, in their documented order. */
    public static final String[] TRAINING_KEYS = {"steps", "batchSize", "learningRate", "weightDecay", "beta",
            "evalEvery", "timeoutSeconds"};

    private LmRuns() {
    }

    public static TrainConfig trainConfig(TaskConfig config, long seed) {
        return new TrainConfig(config.getInt("steps"), config.getInt("batchSize"), config.getDouble("learningRate"),
                config.getDouble("weightDecay"), config.getDouble("beta"), config.getInt("evalEvery"),
                config.getDouble("timeoutSeconds"), seed);
    }

    /** The run's cache directory, or the default location when the run names none. */
    public static ArtifactCache cache(TaskRun run) {
        return new ArtifactCache(run.cacheDir() != null ? run.cacheDir() : CacheLocation.defaultDirectory());
    }

    /** The settings of {@code keys}, as the cache key of the artefact they shape. */
    public static Map<String, Object> subset(TaskConfig config, String... keys) {
        Map<String, Object> subset = new LinkedHashMap<>();
        for (String key : keys) {
            subset.put(key, config.asMap().get(key));
        }
        return subset;
    }

    public static SeedResult result(long seed, TrainOutcome outcome, String primaryMetric, long startNanos) {
        boolean completed = outcome.status() == RunStatus.COMPLETED;
        Double primary = outcome.finalMetrics().get(primaryMetric);
        return new SeedResult(seed, outcome.status(), outcome.message(),
                completed && primary != null ? primary : Double.NaN,
                outcome.finalMetrics(), outcome.curve(), outcome.evaluations(),
                (System.nanoTime() - startNanos) / 1e9);
    }
}
