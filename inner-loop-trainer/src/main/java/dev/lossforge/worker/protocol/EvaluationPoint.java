package dev.lossforge.worker.protocol;

import java.util.Map;

/** Metrics at one step of training (step 0: the reference); non-finite values are left out. */
public record EvaluationPoint(int step, Map<String, Double> metrics) {
}
