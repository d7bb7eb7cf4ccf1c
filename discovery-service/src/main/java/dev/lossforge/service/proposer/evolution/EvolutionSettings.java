package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.BatchInput;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A campaign's {@code proposerConfig} for the evolution proposer, and what a task gives it. The
 * keys, all optional:
 * <pre>
 * seeds            list of built-in loss names to start from (default: every one the grammar writes)
 * esProbability    0 to 1, share of proposals from the evolution strategy (default 0.2)
 * esPairsPerRun    antithetic pairs per tree family (default 6)
 * maxSize          most nodes of a tree, 5 to 64 (default 32)
 * tournamentSize   niche elites per tournament, 1 to 10 (default 3)
 * </pre>
 */
public final class EvolutionSettings {

    public static final Set<String> KEYS = Set.of("seeds", "esProbability", "esPairsPerRun", "maxSize", "tournamentSize");

    private EvolutionSettings() {
    }

    /**
     * @param seed         the campaign's random seed
     * @param beta         the campaign's beta
     * @param capabilities the optional batch inputs the discovery task provides
     *                     ({@code ResolvedTask.optionalInputs()})
     * @param settings     the campaign's proposerConfig
     * @throws InvalidSettingException naming the key at fault
     */
    public static EvolutionConfig config(long seed, double beta, Set<BatchInput> capabilities, Map<String, ?> settings) {
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidSettingException(key, "unknown setting (known: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
        }
        EvolutionConfig d = EvolutionConfig.defaults(seed).withCapabilities(capabilities).withBeta(beta);
        List<String> seeds = d.seedNames();
        Object seedsValue = settings.get("seeds");
        if (seedsValue != null) {
            if (!(seedsValue instanceof List<?> list) || list.isEmpty()) {
                throw new InvalidSettingException("seeds", "expected a non-empty list of built-in loss names");
            }
            List<String> names = new ArrayList<>();
            for (Object name : list) {
                if (!(name instanceof String s) || SeedLibrary.tree(s).isEmpty()) {
                    throw new InvalidSettingException("seeds", "'" + name + "' is not a built-in loss the grammar can write"
                            + " (known: " + SeedLibrary.all().stream().map(SeedLibrary.Seed::name).toList() + ")");
                }
                names.add(s);
            }
            seeds = names;
        }
        double esProbability = number(settings, "esProbability", d.esProbability(), 0, 1);
        int esPairs = (int) integer(settings, "esPairsPerRun", d.esPairsPerRun(), 1, 100);
        int maxSize = (int) integer(settings, "maxSize", d.maxSize(), 5, 64);
        int tournament = (int) integer(settings, "tournamentSize", d.tournamentSize(), 1, 10);
        return new EvolutionConfig(seed, capabilities, beta, maxSize, d.maxDepth(), tournament, seeds,
                d.operatorWeights(), esProbability, d.esTopTrees(), esPairs, d.esSigma(), d.esLearningRate(), d.attempts());
    }

    private static double number(Map<String, ?> settings, String key, double fallback, double min, double max) {
        Object value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n) || !(n.doubleValue() >= min && n.doubleValue() <= max)) {
            throw new InvalidSettingException(key, "expected a number from " + min + " to " + max + ", got " + value);
        }
        return n.doubleValue();
    }

    private static long integer(Map<String, ?> settings, String key, long fallback, long min, long max) {
        Object value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.longValue() < min || n.longValue() > max) {
            throw new InvalidSettingException(key, "expected a whole number from " + min + " to " + max + ", got " + value);
        }
        return n.longValue();
    }
}
