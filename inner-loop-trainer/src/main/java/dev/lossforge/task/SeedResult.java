package dev.lossforge.task;

import java.util.List;
import java.util.Map;

/**
 * The outcome of training one loss on one task with one seed.
 *
 * @param seed          the seed, which fixes the data, the reference and the initialisation
 * @param status        how the run ended
 * @param message       why it did not complete, or {@code null}
 * @param fitness       the task's primary fitness (higher is better); {@code NaN} unless completed
 * @param metrics       final metrics by name (the primary metric among them)
 * @param trainingCurve loss at intervals of the training steps
 * @param evaluations   metrics at intervals of the training steps
 * @param wallSeconds   wall time of the run, the reference build or load included
 */
public record SeedResult(
        long seed,
        RunStatus status,
        String message,
        double fitness,
        Map<String, Double> metrics,
        List<CurvePoint> trainingCurve,
        List<EvalPoint> evaluations,
        double wallSeconds) {

    public SeedResult {
        metrics = Map.copyOf(metrics);
        trainingCurve = List.copyOf(trainingCurve);
        evaluations = List.copyOf(evaluations);
    }

    public boolean completed() {
        return status == RunStatus.COMPLETED;
    }
}
