package dev.lossforge.train;

/**
 * Settings of preference training that every task shares.
 *
 * @param steps          optimizer steps
 * @param batchSize      pairs per step
 * @param learningRate   AdamW learning rate
 * @param weightDecay    AdamW decoupled weight decay
 * @param beta           the scalar handed to the loss in every batch
 * @param evalEvery      evaluate every this many steps (0: only at the start and the end)
 * @param timeoutSeconds the run ends as TIMEOUT after this long (0: no limit)
 * @param seed           fixes the order of the batches
 */
public record TrainConfig(
        int steps,
        int batchSize,
        double learningRate,
        double weightDecay,
        double beta,
        int evalEvery,
        double timeoutSeconds,
        long seed) {
}
