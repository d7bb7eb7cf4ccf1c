package dev.lossforge.service.leaderboard;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/campaigns/{id}/best-so-far}: the best fitness after each evaluated candidate, in
 * the order they finished. Every improvement and the last point are always in {@code points}; on a
 * long campaign the points between are thinned to about {@code maxPoints}.
 *
 * @param evaluated candidates with a fitness so far
 */
public record BestSoFar(long campaignId, String task, long evaluated, int maxPoints, List<Point> points) {

    /**
     * @param n        how many candidates had been evaluated with this one (1-based)
     * @param fitness  this candidate's mean fitness
     * @param best     the best mean fitness among the first {@code n}
     * @param improved this candidate raised the best
     */
    public record Point(long n, long candidateId, String name, String proposer, boolean baseline, double fitness,
                        double best, boolean improved, Instant finishedAt) {
    }
}
