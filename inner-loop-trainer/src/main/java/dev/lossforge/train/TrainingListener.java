package dev.lossforge.train;

import java.util.Map;

/**
 * What a running job tells the outside world, and how the outside world stops it. The command
 * line prints progress to stderr; the worker turns it into heartbeats.
 */
public interface TrainingListener {

    TrainingListener NONE = new TrainingListener() {
    };

    default void onProgress(Progress progress) {
    }

    /** Metrics measured at an evaluation point during training. */
    default void onEvaluation(int step, Map<String, Double> metrics) {
    }

    /** Polled once a step; {@code true} ends the job as {@code CANCELLED}. */
    default boolean stopRequested() {
        return false;
    }
}
