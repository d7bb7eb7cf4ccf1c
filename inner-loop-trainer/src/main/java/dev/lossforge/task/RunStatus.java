package dev.lossforge.task;

/** How one (task, loss, seed) run ended. */
public enum RunStatus {
    /** trained for every step and measured */
    COMPLETED,
    /** the loss or a gradient became NaN or infinite */
    DIVERGED,
    /** the run outlived its time limit */
    TIMEOUT,
    /** the listener asked it to stop */
    CANCELLED
}
