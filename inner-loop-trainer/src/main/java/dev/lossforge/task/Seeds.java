package dev.lossforge.task;

import java.nio.charset.StandardCharsets;

/**
 * Independent random streams derived from one run seed, one per purpose ("data", "reference",
 * "batches"...), so that changing how one stream is used never shifts another. SplitMix64
 * finalisation: the same (seed, purpose) gives the same stream on every JVM.
 */
public final class Seeds {

    private Seeds() {
    }

    public static long derive(long seed, String purpose) {
        long h = seed;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xffL)) + 0x9E3779B97F4A7C15L;
        }
        return mix(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
