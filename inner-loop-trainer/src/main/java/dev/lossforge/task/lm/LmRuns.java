package dev.lossforge.task.lm;

import dev.lossforge.task.InvalidTaskException;
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

    /** Range checks of the training settings and a model's shape settings. */
    public static void validateTrainingAndModel(TaskConfig config) {
        requireBetween(config, "steps", 0, 10_000_000);
        requireBetween(config, "batchSize", 1, 1_000_000);
        requireAbove(config, "learningRate", 0);
        requireBetween(config, "weightDecay", 0, 1e6);
        requireAbove(config, "beta", 0);
        requireBetween(config, "evalEvery", 0, 10_000_000);
        requireBetween(config, "timeoutSeconds", 0, 1e7);
        requireBetween(config, "modelDim", 1, 65_536);
        requireBetween(config, "heads", 1, 1024);
        requireBetween(config, "layers", 1, 1024);
        requireBetween(config, "ffnDim", 1, 1_000_000);
        if (config.getInt("modelDim") % config.getInt("heads") != 0) {
            throw new InvalidTaskException("taskConfig.heads", "setting 'heads' must divide modelDim "
                    + config.getInt("modelDim") + ", got " + config.getInt("heads"));
        }
    }

    /** @throws InvalidTaskException naming {@code taskConfig.KEY} when the value lies outside [min, max] */
    public static void requireBetween(TaskConfig config, String key, double min, double max) {
        double value = config.getDouble(key);
        if (!(value >= min && value <= max)) {
            throw new InvalidTaskException("taskConfig." + key, "setting '" + key + "' must be between "
                    + format(min) + " and " + format(max) + ", got " + format(value));
        }
    }

    /** @throws InvalidTaskException naming {@code taskConfig.KEY} unless the value is above {@code min} */
    public static void requireAbove(TaskConfig config, String key, double min) {
        double value = config.getDouble(key);
        if (!(value > min)) {
            throw new InvalidTaskException("taskConfig." + key, "setting '" + key + "' must be above "
                    + format(min) + ", got " + format(value));
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
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
