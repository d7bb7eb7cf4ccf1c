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
    CANCELLED,
    /**
     * the loss broke its contract: it threw, returned {@code null} or an array that is not of
     * shape [B], or needs an input the task does not provide. A defect of the candidate's code,
     * unlike DIVERGED, which is a numerical outcome of training with it.
     */
    FAILED
}
