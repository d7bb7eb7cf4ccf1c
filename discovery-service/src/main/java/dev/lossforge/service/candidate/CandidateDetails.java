package dev.lossforge.service.candidate;

import dev.lossforge.worker.protocol.EvaluationPoint;
import dev.lossforge.worker.protocol.TrainingPoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/candidates/{id}}: everything known about a candidate.
 *
 * @param metadata what its proposer keeps with it (the evolution proposer: {@code genome}, {@code operator},
 *                 {@code parents}, ...), or {@code null}
 */
public record CandidateDetails(
        long id,
        long campaignId,
        String name,
        String hypothesis,
        String thought,
        String code,
        String codeHash,
        String proposer,
        boolean baseline,
        List<Long> parentIds,
        List<Long> childIds,
        List<Relative> parents,
        List<Relative> children,
        String promptHash,
        String fingerprint,
        Long duplicateOf,
        Map<String, Object> metadata,
        CandidateStatus status,
        Error error,
        Fitness fitness,
        Delta vsDpo,
        List<TaskScore> scores,
        List<Run> runs,
        Llm llm,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    /** A parent or child, enough to name and link it. */
    public record Relative(long id, String name, CandidateStatus status, String proposer, Double fitnessMean) {
    }

    /**
     * What the LLM calls that wrote the candidate used, when an LLM wrote it.
     *
     * @param model            provider and model, {@code openai/gpt-4.1-mini}
     * @param calls            HTTP calls, repair turns and retries included
     * @param promptTokens     their prompt tokens
     * @param completionTokens their completion tokens
     * @param latencyMillis    their summed wall time
     * @param costUsd          their cost where the model has a price, else {@code null}
     * @param repairTurns      repair turns the proposal took (0: the first reply was used)
     */
    public record Llm(String model, long calls, Long promptTokens, Long completionTokens, long latencyMillis,
                      Double costUsd, int repairTurns) {
    }

    /** Why the candidate is INVALID or FAILED. */
    public record Error(String kind, String message, Integer line, Integer column) {
    }

    /** Mean over seeds with its 95% interval and the value of each seed. */
    public record Fitness(Integer n, Double mean, Double ciLow, Double ciHigh, Map<String, Double> perSeed) {
    }

    /** Paired difference against DPO on the same seeds. */
    public record Delta(Integer n, Double meanDifference, Double ciLow, Double ciHigh, Double pValue) {
    }

    /** The candidate on one task. */
    public record TaskScore(String task, boolean heldOut, int failedSeeds, Fitness fitness, Delta vsDpo) {
    }

    /** One job: a task and a seed, with what its worker reported. */
    public record Run(long jobId, String task, boolean heldOut, long seed, String state, int attempts,
                      String failureKind, String failureMessage, Result result) {
    }

    /** A worker's report. */
    public record Result(String status, Double fitness, Map<String, Double> metrics, List<TrainingPoint> trainingCurve,
                         List<EvaluationPoint> evaluations, Double wallSeconds, String workerId, String message,
                         Integer line, Integer column) {
    }
}
