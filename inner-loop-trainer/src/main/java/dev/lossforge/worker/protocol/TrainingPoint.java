package dev.lossforge.worker.protocol;

/** A point of the training curve; {@code null} where the value was not finite. */
public record TrainingPoint(int step, Double loss, Double gradientNorm) {
}
