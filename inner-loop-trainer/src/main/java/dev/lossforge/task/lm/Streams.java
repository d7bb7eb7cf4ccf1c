package dev.lossforge.task.lm;

import dev.lossforge.task.Seeds;

import java.util.SplittableRandom;

/**
 * A random stream of a run per purpose ("pretrain", "eval-prompts"...), from {@link Seeds}, so
 * that each use of randomness depends on the seed and its own name only: adding a stream or
 * drawing more from one never shifts another.
 */
public final class Streams {

    private Streams() {
    }

    public static SplittableRandom of(long seed, String name) {
        return new SplittableRandom(Seeds.derive(seed, name));
    }
}
