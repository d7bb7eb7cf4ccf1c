package dev.lossforge.task;

import dev.lossforge.stats.Stats;

import java.util.List;
import java.util.Map;

/**
 * One loss evaluated on one task over several seeds: the per-seed results and their aggregates.
 * Aggregates are over the seeds that completed; {@link #completedSeeds()} says how many that is.
 *
 * @param task           the task's name
 * @param variant        the variant
 * @param config         the resolved configuration, in documented order
 * @param primaryMetric  the metric that is the fitness
 * @param seeds          one result per seed, in the order run
 * @param metrics        mean, standard deviation and 95% Student-t interval of each final metric
 * @param fitness        the same for the primary fitness
 * @param completedSeeds seeds whose run completed
 * @param wallSeconds    wall time of all seeds together
 */
public record EvaluationReport(
        String task,
        String variant,
        Map<String, Object> config,
        String primaryMetric,
        List<SeedResult> seeds,
        Map<String, Stats.Summary> metrics,
        Stats.Summary fitness,
        int completedSeeds,
        double wallSeconds) {

    public EvaluationReport {
        seeds = List.copyOf(seeds);
    }

    /** Fitness per seed, in seed order ({@code NaN} where a run did not complete): for paired comparisons. */
    public double[] fitnessBySeed() {
        return seeds.stream().mapToDouble(SeedResult::fitness).toArray();
    }
}
