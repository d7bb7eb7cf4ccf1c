package dev.lossforge.service.proposer.evolution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bridge between what the service stores and what the engine needs, so the Spring adapter
 * stays thin. The service keeps, per campaign, its candidates (id, name, status, fitness,
 * duplicate-of) and one proposer-state map; the adapter saves each proposal's
 * {@link CandidateMetadata} JSON in that map under the candidate's name ({@link #remember}) and
 * rebuilds the history from both on every call ({@link #rebuild}), which is all a restarted
 * service needs to go on exactly where it stopped.
 */
public final class CampaignHistory {

    /** The key of the evolution proposer's entry in the campaign's proposer state. */
    public static final String STATE_KEY = "evolution";

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
     * @param fitness     the campaign fitness when evaluated, else {@code null}
     * @param duplicateOf the original, for {@link Stored#DUPLICATE}
     */
    public record StoredCandidate(long id, String name, Stored status, Double fitness, Long duplicateOf) {
        public StoredCandidate {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
        }
    }

    /** The proposer state with one more proposal remembered under the name it is stored with. */
    public static Map<String, Object> remember(Map<String, Object> state, String candidateName, String metadataJson) {
        Map<String, Object> out = new LinkedHashMap<>(state);
        Map<String, Object> entries = new LinkedHashMap<>(entries(state));
        entries.put(candidateName, metadataJson);
        out.put(STATE_KEY, entries);
        return out;
    }

    /**
     * The engine's history: every candidate in id order; genomes and origins from the remembered
     * metadata, built-in losses (baselines) by name from {@link SeedLibrary}, others without a
     * tree. A duplicate takes its original's fitness (it computes the same function); statuses
     * map to pending, evaluated or failed. A remembered proposal that was never stored (the
     * service stopped in between) is ignored: it is simply proposed again.
     *
     * @throws IllegalStateException when remembered metadata cannot be read back
     */
    public static List<CandidateRecord> rebuild(List<StoredCandidate> candidates, Map<String, Object> state) {
        Map<String, Object> entries = entries(state);
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
            Object metadata = entries.get(candidate.name());
            if (metadata instanceof String json) {
                try {
                    CandidateMetadata.Parsed parsed = CandidateMetadata.parse(json);
                    genome = parsed.genome();
                    origin = parsed.origin();
                } catch (GenomeFormatException e) {
                    throw new IllegalStateException("the evolution state of candidate " + candidate.id() + " ("
                            + candidate.name() + ") cannot be read: " + e.getMessage(), e);
                }
            } else {
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entries(Map<String, Object> state) {
        Object entries = state.get(STATE_KEY);
        return entries instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
