package dev.lossforge.worker.protocol;

/**
 * A job that could not run to a result.
 *
 * @param workerId   the worker
 * @param leaseToken the lease's token
 * @param kind       the classification
 * @param message    what happened, in words
 * @param line       source line at fault (INVALID), or {@code null}
 * @param column     source column at fault (INVALID), or {@code null}
 */
public record JobFailure(String workerId, String leaseToken, FailureKind kind, String message, Integer line,
                         Integer column) {
}
