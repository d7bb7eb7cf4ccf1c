package dev.lossforge.export;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an exported JAR says about one loss: written to {@code META-INF/lossforge/candidate.json}
 * (or one element of {@code candidates.json}) and read back by {@link LossJarReader}. Everything
 * but the name is optional ({@code null}); null fields are left out of the JSON.
 *
 * <p>Metric maps are copied into sorted maps, so that the JSON (and the JAR's bytes) do not depend
 * on the iteration order of the map the caller built.
 *
 * @param candidateId the service's candidate id
 * @param name        the candidate's name
 * @param hypothesis  the proposer's one-paragraph hypothesis
 * @param codeHash    the service's hash of the candidate's code, as the service computes it
 * @param proposer    llm, evolution, baselines, user ...
 * @param campaign    the campaign the candidate belongs to
 * @param createdAt   when the candidate was proposed
 * @param metrics     its scores: a summary and the values per task and seed
 */
public record CandidateInfo(
        Long candidateId,
        String name,
        String hypothesis,
        String codeHash,
        String proposer,
        Campaign campaign,
        Instant createdAt,
        Metrics metrics) {

    public CandidateInfo {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a candidate's name must not be blank");
        }
    }

    /** Only a name: for losses that come from a file rather than a campaign. */
    public static CandidateInfo named(String name) {
        return new CandidateInfo(null, name, null, null, null, null, null, null);
    }

    /** The campaign a candidate came from. */
    public record Campaign(long id, String name) {
    }

    /**
     * @param summary over all tasks (fitness, its interval, difference against DPO, p-value ...)
     * @param tasks   per task, with the values of each seed
     */
    public record Metrics(Map<String, Double> summary, List<TaskMetrics> tasks) {
        public Metrics {
            summary = sorted(summary);
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }
    }

    /**
     * @param task    the task spec, e.g. {@code bandit:noisy-40}
     * @param heldOut a held-out task (not the one the campaign searched on)
     * @param summary the task's aggregates over seeds
     * @param seeds   one entry per seed
     */
    public record TaskMetrics(String task, boolean heldOut, Map<String, Double> summary, List<SeedMetrics> seeds) {
        public TaskMetrics {
            Objects.requireNonNull(task, "task");
            summary = sorted(summary);
            seeds = seeds == null ? List.of() : List.copyOf(seeds);
        }
    }

    /**
     * @param seed    the seed
     * @param status  the run's outcome (COMPLETED, DIVERGED ...), or null
     * @param metrics what the run measured
     */
    public record SeedMetrics(long seed, String status, Map<String, Double> metrics) {
        public SeedMetrics {
            metrics = sorted(metrics);
        }
    }

    private static Map<String, Double> sorted(Map<String, Double> values) {
        // TreeMap keeps the output independent of the caller's map; it rejects null keys itself
        return values == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(values));
    }
}
