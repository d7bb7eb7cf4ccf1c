package dev.lossforge.task.lm;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Independent random streams derived from a run's seed by name ("pretrain", "eval-prompts"...),
 * so that each use of randomness depends on the seed and its own name only: adding a stream or
 * drawing more from one never shifts another.
 */
public final class Streams {

    private Streams() {
    }

    public static SplittableRandom of(long seed, String name) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the name
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return new SplittableRandom(mix(seed ^ mix(h)));
    }

    /** SplitMix64's finaliser: a bijection that scatters nearby inputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
