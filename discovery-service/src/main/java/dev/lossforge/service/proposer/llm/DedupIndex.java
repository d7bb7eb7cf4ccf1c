package dev.lossforge.service.proposer.llm;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The names, normalised code hashes and behaviour fingerprints a campaign already holds, so that
 * a proposal neither reuses a name nor resubmits known code. Thread-safe: proposals in flight
 * register their results here atomically.
 */
public final class DedupIndex {

    private final Map<String, String> names = new HashMap<>();
    private final Map<String, String> codeHashes = new HashMap<>();
    private final Map<String, String> fingerprints = new HashMap<>();

    /** The outcome of {@link #register}. */
    public sealed interface Registration {
        /** Stored under {@code name} (the proposed name, or it with a numeric suffix when taken). */
        record Registered(String name) implements Registration {
        }

        /** The same code or behaviour as the named candidate. */
        record Duplicate(String of, boolean sameBehaviour) implements Registration {
        }
    }

    /**
     * Notes a candidate the campaign holds (from the database, a user's submission, another proposer).
     *
     * @param fingerprint its behaviour fingerprint, or {@code null}
     */
    public synchronized void noteExisting(String name, String code, String fingerprint) {
        String key = ReplyParser.normaliseName(name);
        names.putIfAbsent(key, name);
        if (code != null) {
            codeHashes.putIfAbsent(JavaText.codeHash(code), name);
        }
        if (fingerprint != null) {
            fingerprints.putIfAbsent(fingerprint, name);
        }
    }

    /** The candidate with the same normalised code, if any. */
    public synchronized Optional<String> sameCodeAs(String codeHash) {
        return Optional.ofNullable(codeHashes.get(codeHash));
    }

    /**
     * Claims a name and records the code and fingerprint, unless either is known already.
     *
     * @param fingerprint {@code null} when the validator gives none
     */
    public synchronized Registration register(String name, String codeHash, String fingerprint) {
        return register(name, codeHash, fingerprint, CampaignLookup.NONE);
    }

    /**
     * As {@link #register(String, String, String)}, also avoiding the names the campaign's store holds.
     */
    public synchronized Registration register(String name, String codeHash, String fingerprint, CampaignLookup lookup) {
        String sameCode = codeHashes.get(codeHash);
        if (sameCode != null) {
            return new Registration.Duplicate(sameCode, false);
        }
        String sameBehaviour = fingerprint == null ? null : fingerprints.get(fingerprint);
        if (sameBehaviour == null && fingerprint != null) {
            sameBehaviour = lookup.sameBehaviourAs(fingerprint).orElse(null);
        }
        if (sameBehaviour != null) {
            return new Registration.Duplicate(sameBehaviour, true);
        }
        String unique = name;
        for (int i = 2; names.containsKey(ReplyParser.normaliseName(unique)) || lookup.nameTaken(unique); i++) {
            unique = name + "-" + i;
        }
        names.put(ReplyParser.normaliseName(unique), unique);
        codeHashes.put(codeHash, unique);
        if (fingerprint != null) {
            fingerprints.put(fingerprint, unique);
        }
        return new Registration.Registered(unique);
    }

    public synchronized boolean nameTaken(String name) {
        return names.containsKey(ReplyParser.normaliseName(name));
    }
}
