package dev.lossforge.service.candidate;

import dev.lossforge.worker.protocol.EvaluationPoint;
import dev.lossforge.worker.protocol.TrainingPoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /api/candidates/{id}}: everything known about a candidate. */
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
        String promptHash,
        String fingerprint,
        Long duplicateOf,
        CandidateStatus status,
        Error error,
        Fitness fitness,
        Delta vsDpo,
        List<TaskScore> scores,
        List<Run> runs,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

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
