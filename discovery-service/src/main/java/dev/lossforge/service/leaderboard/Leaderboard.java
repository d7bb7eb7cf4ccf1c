package dev.lossforge.service.leaderboard;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/campaigns/{id}/leaderboard}: candidates ranked by mean fitness on the discovery
 * task, best first; candidates without a fitness (queued, invalid, failed, duplicate) follow.
 */
public record Leaderboard(long campaignId, String task, long total, int limit, int offset, List<Entry> entries) {

    /** One candidate. */
    public record Entry(
            long rank,
            long candidateId,
            String name,
            String status,
            String proposer,
            boolean baseline,
            List<Long> parentIds,
            Long duplicateOf,
            String errorKind,
            Fitness fitness,
            Delta vsDpo) {
    }

    /** Mean over seeds, its 95% Student-t interval, and each seed's value. */
    public record Fitness(Double mean, Double ciLow, Double ciHigh, Integer n, Map<String, Double> perSeed) {
    }

    /** Candidate minus DPO on the same seeds, with the paired t-test's two-sided p-value. */
    public record Delta(Double meanDifference, Double ciLow, Double ciHigh, Double pValue, Integer n) {
    }
}
