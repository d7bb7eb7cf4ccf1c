package dev.lossforge.service.proposer.evolution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bridge between what the service stores and what the engine needs, so the Spring adapter
 * stays thin. The service keeps, per candidate, its id, name, status, fitness, duplicate-of and
 * the metadata JSON its proposer gave it ({@link Proposal#metadataJson()}); the engine's history
 * is rebuilt from these rows on every call ({@link #rebuild}), which is all a restarted service
 * needs to go on exactly where it stopped. A proposal that was never stored (the service stopped
 * in between) leaves no trace and is simply proposed again.
 */
public final class CampaignHistory {

    private CampaignHistory() {
    }

    /** Where a stored candidate stands, as far as the engine cares. */
    public enum Stored {
        /** Queued or running: a fitness may still come. */
        PENDING,
        /** Has a fitness. */
        EVALUATED,
        /** Invalid, failed or cancelled: no fitness will come. */
        FAILED,
        /** Computes what candidate {@code duplicateOf} computes; not evaluated itself. */
        DUPLICATE
    }

    /**
     * One candidate row.
     *
     * @param builtin     a built-in loss of the library (a baseline): its tree is looked up by name
     * @param fitness     the campaign fitness when evaluated, else {@code null}
     * @param duplicateOf the original, for {@link Stored#DUPLICATE}
     * @param metadata    the evolution proposer's metadata JSON for its own candidates, else {@code null}
     */
    public record StoredCandidate(long id, String name, boolean builtin, Stored status, Double fitness,
                                  Long duplicateOf, String metadata) {
        public StoredCandidate {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * The engine's history: every candidate in id order; genomes and origins from the evolution
     * proposer's metadata, built-in losses by name from {@link SeedLibrary}, others (an LLM's, a
     * user's) without a tree. A duplicate takes its original's fitness (it computes the same
     * function); statuses map to pending, evaluated or failed.
     *
     * @throws IllegalStateException when a candidate's metadata cannot be read back
     */
    public static List<CandidateRecord> rebuild(List<StoredCandidate> candidates) {
        List<StoredCandidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingLong(StoredCandidate::id));
        Map<Long, StoredCandidate> byId = new HashMap<>();
        for (StoredCandidate candidate : sorted) {
            byId.put(candidate.id(), candidate);
        }
        List<CandidateRecord> history = new ArrayList<>();
        for (StoredCandidate candidate : sorted) {
            Node genome = null;
            Origin origin = null;
            if (candidate.metadata() != null) {
                try {
                    CandidateMetadata.Parsed parsed = CandidateMetadata.parse(candidate.metadata());
                    genome = parsed.genome();
                    origin = parsed.origin();
                } catch (GenomeFormatException e) {
                    throw new IllegalStateException("the evolution metadata of candidate " + candidate.id() + " ("
                            + candidate.name() + ") cannot be read: " + e.getMessage(), e);
                }
            } else if (candidate.builtin()) {
                genome = SeedLibrary.tree(candidate.name()).orElse(null);
            }
            history.add(record(candidate, genome, origin, byId));
        }
        return history;
    }

    private static CandidateRecord record(StoredCandidate candidate, Node genome, Origin origin,
                                          Map<Long, StoredCandidate> byId) {
        CandidateRecord pending = CandidateRecord.pending(candidate.id(), genome, origin);
        StoredCandidate scored = candidate;
        if (candidate.status() == Stored.DUPLICATE) {
            scored = candidate.duplicateOf() == null ? null : byId.get(candidate.duplicateOf());
            if (scored == null || scored.status() == Stored.DUPLICATE) {
                return pending.failed();
            }
        }
        return switch (scored.status()) {
            case EVALUATED -> scored.fitness() != null && Double.isFinite(scored.fitness())
                    ? pending.evaluated(scored.fitness()) : pending.failed();
            case PENDING -> pending;
            case FAILED, DUPLICATE -> pending.failed();
        };
    }
}
