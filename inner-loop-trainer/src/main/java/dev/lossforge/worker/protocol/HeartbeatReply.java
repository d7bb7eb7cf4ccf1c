package dev.lossforge.worker.protocol;

/**
 * @param cancel       stop the run: its result is no longer wanted (the campaign was cancelled)
 * @param leaseSeconds the lease now lasts this long
 * @param message      why, when cancelling
 */
public record HeartbeatReply(boolean cancel, double leaseSeconds, String message) {
}
