package dev.lossforge.train;

import dev.lossforge.task.CurvePoint;
import dev.lossforge.task.EvalPoint;
import dev.lossforge.task.RunStatus;

import java.util.List;
import java.util.Map;

/**
 * What preference training produced.
 *
 * @param status       how it ended
 * @param message      why it did not complete, or {@code null}
 * @param stepsDone    optimizer steps taken
 * @param curve        loss and gradient norm at intervals
 * @param evaluations  metrics at intervals, step 0 (the reference) first
 * @param finalMetrics the evaluator's metrics after the last step (empty unless completed)
 */
public record TrainOutcome(
        RunStatus status,
        String message,
        int stepsDone,
        List<CurvePoint> curve,
        List<EvalPoint> evaluations,
        Map<String, Double> finalMetrics) {

    public TrainOutcome {
        curve = List.copyOf(curve);
        evaluations = List.copyOf(evaluations);
        finalMetrics = Map.copyOf(finalMetrics);
    }
}
