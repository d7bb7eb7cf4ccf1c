package dev.lossforge.worker.protocol;

/**
 * The worker still holds its job, and how far it got.
 *
 * @param workerId       the worker
 * @param leaseToken     the lease's token
 * @param phase          {@code compile}, {@code reference}, {@code train} or {@code eval}
 * @param step           the step just finished in that phase
 * @param totalSteps     steps of the phase
 * @param loss           mean loss of the last step, when training and finite
 * @param stepsPerSecond steps per second in the phase, when known
 */
public record Heartbeat(
        String workerId,
        String leaseToken,
        String phase,
        int step,
        int totalSteps,
        Double loss,
        Double stepsPerSecond) {
}
