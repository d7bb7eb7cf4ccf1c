package dev.lossforge.task;

import java.util.Map;

/** Metrics measured at one step during training (step 0 is the reference). */
public record EvalPoint(int step, Map<String, Double> metrics) {

    public EvalPoint {
        metrics = Map.copyOf(metrics);
    }
}
