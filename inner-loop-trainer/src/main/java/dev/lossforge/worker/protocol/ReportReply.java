package dev.lossforge.worker.protocol;

/**
 * @param recorded false when the job already had its report (a repeated or late one)
 * @param message  what the service did with it
 */
public record ReportReply(boolean recorded, String message) {
}
