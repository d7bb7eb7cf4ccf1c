package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.BatchInput;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of one campaign's evolutionary search. Only {@code seed}, {@code capabilities} and
 * {@code beta} come from the campaign; the rest are tuning with documented defaults
 * ({@link #defaults(long)}).
 *
 * @param seed              the campaign seed; with the history it fixes every proposal
 * @param capabilities      optional inputs the campaign's task provides
 * @param beta              the task's β, used to draw behaviour descriptors on the βρ scale
 * @param maxSize           most nodes a tree may have (bloat control)
 * @param maxDepth          most levels a tree may have
 * @param tournamentSize    niche elites drawn per tournament
 * @param seedNames         the built-in losses to start from, in order; empty = every one that fits
 * @param operatorWeights   relative weights of the tree variations, indexed by {@link Operator}
 *                          ordinal (SEED, RANDOM … HOIST; ES entries ignored)
 * @param esProbability     chance that a proposal comes from the evolution strategy when a
 *                          promising tree with constants has a fitness
 * @param esTopTrees        how many of the best tree families the strategy may tune
 * @param esPairsPerRun     antithetic pairs per family before the strategy moves on
 * @param esSigma           initial step size in search space (REAL constants: fraction of
 *                          their starting magnitude; POSITIVE: on the log scale)
 * @param esLearningRate    how far the mean moves per pair, in units of σ
 * @param attempts          variations tried per proposal before giving up on novelty
 */
public record EvolutionConfig(
        long seed,
        Set<BatchInput> capabilities,
        double beta,
        int maxSize,
        int maxDepth,
        int tournamentSize,
        List<String> seedNames,
        double[] operatorWeights,
        double esProbability,
        int esTopTrees,
        int esPairsPerRun,
        double esSigma,
        double esLearningRate,
        int attempts) {

    public EvolutionConfig {
        Objects.requireNonNull(capabilities, "capabilities");
        capabilities = capabilities.isEmpty() ? EnumSet.noneOf(BatchInput.class) : EnumSet.copyOf(capabilities);
        seedNames = List.copyOf(seedNames);
        operatorWeights = operatorWeights.clone();
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number above 0, got " + beta);
        }
        if (maxSize < 3 || maxDepth < 2 || tournamentSize < 1 || attempts < 1 || esPairsPerRun < 1 || esTopTrees < 0) {
            throw new IllegalArgumentException("maxSize >= 3, maxDepth >= 2, tournamentSize, attempts and"
                    + " esPairsPerRun >= 1, esTopTrees >= 0 are required");
        }
        if (operatorWeights.length != Operator.values().length) {
            throw new IllegalArgumentException("operatorWeights needs one weight per Operator ("
                    + Operator.values().length + "), got " + operatorWeights.length);
        }
        if (esProbability < 0 || esProbability > 1 || !(esSigma > 0) || !(esLearningRate > 0)) {
            throw new IllegalArgumentException("esProbability must be in [0, 1], esSigma and esLearningRate above 0");
        }
        for (String name : seedNames) {
            if (SeedLibrary.tree(name).isEmpty()) {
                throw new IllegalArgumentException("seedNames: '" + name + "' is not a built-in loss the grammar can"
                        + " write (known: " + SeedLibrary.all().stream().map(SeedLibrary.Seed::name).toList() + ")");
            }
        }
    }

    /**
     * Defaults: no optional inputs, β = 0.1, trees of at most 32 nodes and 10 levels,
     * tournaments of 3, every seed, variation weights subtree 25, point 15, constants 12,
     * crossover 30, hoist 5, shrink 5, random 8; ES on the 3 best families, 20% of proposals,
     * 6 pairs per family, σ = 0.3, learning rate 1; 200 attempts per proposal.
     */
    public static EvolutionConfig defaults(long seed) {
        double[] weights = new double[Operator.values().length];
        weights[Operator.SUBTREE_MUTATION.ordinal()] = 25;
        weights[Operator.POINT_MUTATION.ordinal()] = 15;
        weights[Operator.CONSTANT_PERTURBATION.ordinal()] = 12;
        weights[Operator.CROSSOVER.ordinal()] = 30;
        weights[Operator.HOIST.ordinal()] = 5;
        weights[Operator.SHRINK.ordinal()] = 5;
        weights[Operator.RANDOM.ordinal()] = 8;
        return new EvolutionConfig(seed, EnumSet.noneOf(BatchInput.class), 0.1, 32, 10, 3, List.of(), weights,
                0.2, 3, 6, 0.3, 1.0, 200);
    }

    public EvolutionConfig withCapabilities(Set<BatchInput> newCapabilities) {
        return new EvolutionConfig(seed, newCapabilities, beta, maxSize, maxDepth, tournamentSize, seedNames,
                operatorWeights, esProbability, esTopTrees, esPairsPerRun, esSigma, esLearningRate, attempts);
    }

    public EvolutionConfig withBeta(double newBeta) {
        return new EvolutionConfig(seed, capabilities, newBeta, maxSize, maxDepth, tournamentSize, seedNames,
                operatorWeights, esProbability, esTopTrees, esPairsPerRun, esSigma, esLearningRate, attempts);
    }

    public EvolutionConfig withSeedNames(List<String> names) {
        return new EvolutionConfig(seed, capabilities, beta, maxSize, maxDepth, tournamentSize, names,
                operatorWeights, esProbability, esTopTrees, esPairsPerRun, esSigma, esLearningRate, attempts);
    }

    public EvolutionConfig withEsProbability(double probability) {
        return new EvolutionConfig(seed, capabilities, beta, maxSize, maxDepth, tournamentSize, seedNames,
                operatorWeights, probability, esTopTrees, esPairsPerRun, esSigma, esLearningRate, attempts);
    }

    @Override
    public double[] operatorWeights() {
        return operatorWeights.clone();
    }

    /** The seeds this campaign starts from, in order. */
    public List<SeedLibrary.Seed> seeds() {
        List<SeedLibrary.Seed> available = SeedLibrary.available(capabilities);
        if (seedNames.isEmpty()) {
            return available;
        }
        return seedNames.stream()
                .flatMap(name -> available.stream().filter(seed -> seed.name().equals(name)))
                .toList();
    }
}
