package dev.lossforge.task.hh;

import dev.lossforge.task.lm.Streams;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded split of pair indices into training and held-out pairs: a shuffle drawn from the
 * seed's {@code split} stream, the first {@code round(n · heldOutFraction)} (at least one) held
 * out, the rest (at least one) for training.
 *
 * @param train   indices of training pairs, ascending
 * @param heldOut indices of held-out pairs, ascending
 */
record PairSplit(int[] train, int[] heldOut) {

    static PairSplit of(int pairs, double heldOutFraction, long seed) {
        if (pairs < 2) {
            throw new PairFileException("need at least 2 pairs (one to train on, one to hold out), got " + pairs);
        }
        int heldOut = (int) Math.max(1, Math.min(pairs - 1, Math.round(pairs * heldOutFraction)));
        int[] order = new int[pairs];
        for (int i = 0; i < pairs; i++) {
            order[i] = i;
        }
        SplittableRandom random = Streams.of(seed, "split");
        for (int i = pairs - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] held = Arrays.copyOfRange(order, 0, heldOut);
        int[] train = Arrays.copyOfRange(order, heldOut, pairs);
        Arrays.sort(held);
        Arrays.sort(train);
        return new PairSplit(train, held);
    }
}
