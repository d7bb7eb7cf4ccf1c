package dev.lossforge.worker.protocol;

/** Why a job produced no fitness. */
public enum FailureKind {
    /** the code does not compile or fails its smoke test in the worker's sandbox */
    INVALID,
    /** NaN or Inf in the loss or its gradients */
    DIVERGED,
    /** past the time limit */
    TIMEOUT,
    /** the worker died or lost its lease; the job is retried elsewhere up to the attempt limit */
    CRASHED,
    /** anything else that went wrong in the run */
    ERROR
}
