package dev.lossforge.task.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cached artefact depends on: the task, its variant, the settings that shape the artefact
 * (not the ones that only matter later, such as the preference-training steps) and the seed.
 *
 * @param task     the task's name
 * @param variant  the task's variant
 * @param settings the settings the artefact depends on, a format version among them
 * @param seed     the run's seed
 */
public record CacheKey(String task, String variant, Map<String, Object> settings, long seed) {

    public CacheKey {
        settings = Map.copyOf(settings);
    }

    /** The key as text, with the settings in key order: stored inside the entry and compared on load. */
    public String canonical() {
        return "task=" + task + "\nvariant=" + variant + "\nseed=" + seed + "\nsettings=" + new TreeMap<>(settings);
    }

    /** {@code task-variant-seed-hash.bin}: readable, and unique for the canonical text. */
    public String fileName() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            String safe = (task + "-" + variant).replaceAll("[^A-Za-z0-9._-]", "_");
            return safe + "-" + seed + "-" + HexFormat.of().formatHex(digest, 0, 8) + ".bin";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
