package dev.lossforge.worker.protocol;

import java.util.List;
import java.util.Map;

/**
 * A run that trained: completed, diverged or timed out, with what it measured.
 *
 * @param workerId      the worker
 * @param leaseToken    the lease's token
 * @param outcome       how the run ended
 * @param fitness       the task's primary fitness, when completed
 * @param metrics       final metrics by name
 * @param trainingCurve loss and gradient norm at intervals
 * @param evaluations   metrics at intervals
 * @param wallSeconds   wall time of the run
 * @param message       why it did not complete, or {@code null}
 */
public record JobResult(
        String workerId,
        String leaseToken,
        RunOutcome outcome,
        Double fitness,
        Map<String, Double> metrics,
        List<TrainingPoint> trainingCurve,
        List<EvaluationPoint> evaluations,
        double wallSeconds,
        String message) {
}
