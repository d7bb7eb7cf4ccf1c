package dev.lossforge.train;

import java.util.Random;

/**
 * Draws training batches as consecutive slices of seeded random permutations of the pairs
 * (epochs without replacement); a batch that runs past the end of an epoch continues into the
 * next permutation, so every batch size works, even one larger than the data.
 */
final class BatchSampler {

    private final Random random;
    private final int[] order;
    private int cursor;

    BatchSampler(int pairs, long seed) {
        if (pairs <= 0) {
            throw new IllegalArgumentException("there are no training pairs");
        }
        this.random = new Random(seed);
        this.order = new int[pairs];
        for (int i = 0; i < pairs; i++) {
            order[i] = i;
        }
        shuffle();
    }

    int[] next(int batchSize) {
        int[] batch = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            if (cursor == order.length) {
                shuffle();
            }
            batch[i] = order[cursor++];
        }
        return batch;
    }

    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        cursor = 0;
    }
}
