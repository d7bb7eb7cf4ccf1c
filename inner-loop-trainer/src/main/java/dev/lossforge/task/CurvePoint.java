package dev.lossforge.task;

/**
 * One point of the training curve.
 *
 * @param step         training step, from 1
 * @param loss         mean loss of the batch at that step
 * @param gradientNorm global L2 norm of the policy gradient at that step
 */
public record CurvePoint(int step, double loss, double gradientNorm) {
}
