package dev.lossforge.task.bandit;

import dev.lossforge.task.InvalidTaskException;
import dev.lossforge.task.TaskConfig;
import dev.lossforge.train.TrainConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/** The bandit task's settings, read from a {@link TaskConfig} and checked for range. */
record BanditSettings(
        int contexts,
        int pairsPerContext,
        int evalContexts,
        int responses,
        int featureDim,
        int hiddenUnits,
        int minLength,
        int maxLength,
        double referenceScale,
        double lengthBias,
        double antiCorrelation,
        double rewardScale,
        double rewardModelNoise,
        double flipRate,
        double expertShare,
        double randomShare,
        double expertTemperature,
        boolean softLabels,
        int steps,
        int batchSize,
        double learningRate,
        double weightDecay,
        double beta,
        int evalEvery,
        double timeoutSeconds) {

    static final String CLEAN = "clean";
    static final String NOISY_20 = "noisy-20";
    static final String NOISY_40 = "noisy-40";
    static final String MIXED_QUALITY = "mixed-quality";
    static final String SOFT_LABELS = "soft-labels";

    /** The documented defaults (see {@link BanditTask}); variants differ only in the data keys. */
    static Map<String, Object> defaults(String variant) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("contexts", 256);
        d.put("pairsPerContext", 2);
        d.put("evalContexts", 512);
        d.put("responses", 8);
        d.put("featureDim", 6);
        d.put("hiddenUnits", 32);
        d.put("minLength", 8);
        d.put("maxLength", 128);
        d.put("referenceScale", 1.5);
        d.put("lengthBias", 0.5);
        d.put("antiCorrelation", 0.5);
        d.put("rewardScale", 2.0);
        d.put("rewardModelNoise", 0.5);
        d.put("flipRate", variant.equals(NOISY_20) ? 0.2 : variant.equals(NOISY_40) ? 0.4 : 0.0);
        d.put("expertShare", variant.equals(MIXED_QUALITY) ? 0.5 : 0.0);
        d.put("randomShare", variant.equals(MIXED_QUALITY) ? 0.5 : 0.0);
        d.put("expertTemperature", 0.25);
        d.put("softLabels", variant.equals(SOFT_LABELS));
        d.put("steps", 400);
        d.put("batchSize", 64);
        d.put("learningRate", 3e-3);
        d.put("weightDecay", 0.0);
        d.put("beta", 0.1);
        d.put("evalEvery", 100);
        d.put("timeoutSeconds", 120.0);
        return d;
    }

    static BanditSettings from(TaskConfig c) {
        BanditSettings s = new BanditSettings(
                c.getInt("contexts"), c.getInt("pairsPerContext"), c.getInt("evalContexts"), c.getInt("responses"),
                c.getInt("featureDim"), c.getInt("hiddenUnits"), c.getInt("minLength"), c.getInt("maxLength"),
                c.getDouble("referenceScale"), c.getDouble("lengthBias"), c.getDouble("antiCorrelation"),
                c.getDouble("rewardScale"), c.getDouble("rewardModelNoise"), c.getDouble("flipRate"),
                c.getDouble("expertShare"), c.getDouble("randomShare"), c.getDouble("expertTemperature"),
                c.getBoolean("softLabels"),
                c.getInt("steps"), c.getInt("batchSize"), c.getDouble("learningRate"), c.getDouble("weightDecay"),
                c.getDouble("beta"), c.getInt("evalEvery"), c.getDouble("timeoutSeconds"));
        s.validate();
        return s;
    }

    private void validate() {
        between("contexts", contexts, 1, 1_000_000);
        between("pairsPerContext", pairsPerContext, 1, 10_000);
        between("evalContexts", evalContexts, 1, 1_000_000);
        between("responses", responses, 2, 1024);
        between("featureDim", featureDim, 1, 1024);
        between("hiddenUnits", hiddenUnits, 1, 4096);
        between("minLength", minLength, 1, 1_000_000);
        between("maxLength", maxLength, minLength, 1_000_000);
        between("referenceScale", referenceScale, 0, 100);
        between("lengthBias", lengthBias, -100, 100);
        between("antiCorrelation", antiCorrelation, -1, 1);
        between("rewardScale", rewardScale, 0, 100);
        between("rewardModelNoise", rewardModelNoise, 0, 100);
        between("flipRate", flipRate, 0, 1);
        between("expertShare", expertShare, 0, 1);
        between("randomShare", randomShare, 0, 1);
        if (expertShare + randomShare > 1 + 1e-12) {
            throw new InvalidTaskException("taskConfig.randomShare",
                    "expertShare + randomShare must be at most 1, got " + (expertShare + randomShare));
        }
        if (!(expertTemperature > 0)) {
            throw new InvalidTaskException("taskConfig.expertTemperature",
                    "setting 'expertTemperature' must be above 0, got " + expertTemperature);
        }
        between("steps", steps, 0, 10_000_000);
        between("batchSize", batchSize, 1, 1_000_000);
        if (!(learningRate > 0)) {
            throw new InvalidTaskException("taskConfig.learningRate",
                    "setting 'learningRate' must be above 0, got " + learningRate);
        }
        between("weightDecay", weightDecay, 0, 1e6);
        if (!(beta > 0)) {
            throw new InvalidTaskException("taskConfig.beta", "setting 'beta' must be above 0, got " + beta);
        }
        between("evalEvery", evalEvery, 0, 10_000_000);
        between("timeoutSeconds", timeoutSeconds, 0, 1e7);
    }

    private static void between(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new InvalidTaskException("taskConfig." + key, "setting '" + key + "' must be between "
                    + format(min) + " and " + format(max) + ", got " + format(value));
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    TrainConfig trainConfig(long batchSeed) {
        return new TrainConfig(steps, batchSize, learningRate, weightDecay, beta, evalEvery, timeoutSeconds, batchSeed);
    }

    /** Columns of one (context, response) feature row: x, z, x*z, standardised length. */
    int inputDim() {
        return 3 * featureDim + 1;
    }
}
