package dev.lossforge.service.proposer.evolution;

import java.util.Objects;

/**
 * One candidate of the campaign, as the engine needs to know it: what the service stores,
 * nothing more. The evolution state is a function of the campaign seed and the list of these,
 * in candidate-id order, so a restarted service resumes exactly where it stopped.
 *
 * @param id      the service's candidate id (increasing in proposal order)
 * @param genome  the tree, or {@code null} for a candidate the grammar cannot write (an LLM's,
 *                a user's, a built-in without a tree)
 * @param origin  how the evolution proposer made it, or {@code null} when it did not
 * @param status  pending, evaluated or failed
 * @param fitness the campaign fitness (higher is better) when evaluated, else NaN
 */
public record CandidateRecord(long id, Node genome, Origin origin, Status status, double fitness) {

    public enum Status {
        /** Proposed, not yet scored (queued, running, or waiting for other seeds). */
        PENDING,
        /** Scored: {@code fitness} holds the campaign fitness. */
        EVALUATED,
        /** Invalid, diverged, timed out or crashed for good: no fitness will come. */
        FAILED
    }

    public CandidateRecord {
        Objects.requireNonNull(status, "status");
        if (status == Status.EVALUATED && !Double.isFinite(fitness)) {
            throw new IllegalArgumentException("candidate " + id + " is evaluated but its fitness is " + fitness);
        }
        if (status != Status.EVALUATED) {
            fitness = Double.NaN;
        }
    }

    public static CandidateRecord pending(long id, Node genome, Origin origin) {
        return new CandidateRecord(id, genome, origin, Status.PENDING, Double.NaN);
    }

    public CandidateRecord evaluated(double value) {
        return new CandidateRecord(id, genome, origin, Status.EVALUATED, value);
    }

    public CandidateRecord failed() {
        return new CandidateRecord(id, genome, origin, Status.FAILED, Double.NaN);
    }

    public boolean hasFitness() {
        return status == Status.EVALUATED;
    }
}
