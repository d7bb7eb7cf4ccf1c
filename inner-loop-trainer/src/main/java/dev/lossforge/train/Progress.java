package dev.lossforge.train;

/**
 * One progress report of a running job.
 *
 * @param phase          what is running: {@code reference} (building or loading the reference),
 *                       {@code train} (preference training) or {@code eval}
 * @param step           the step just finished, from 1
 * @param totalSteps     steps of this phase
 * @param loss           mean loss of that step ({@code NaN} outside training)
 * @param stepsPerSecond steps per second since the phase began
 */
public record Progress(String phase, int step, int totalSteps, double loss, double stepsPerSecond) {
}
