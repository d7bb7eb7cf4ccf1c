package dev.lossforge.worker.protocol;

/** How a run that produced a result ended. */
public enum RunOutcome {
    /** trained for every step and measured */
    COMPLETED,
    /** a loss or gradient became NaN or infinite */
    DIVERGED,
    /** it ran past its time limit */
    TIMEOUT
}
