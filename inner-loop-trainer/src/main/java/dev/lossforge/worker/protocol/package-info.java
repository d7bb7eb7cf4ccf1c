/**
 * The HTTP protocol between the discovery service and its trainer workers, as JSON records that
 * both sides share. All paths are under {@code /api/worker}; every request carries
 * {@code Authorization: Bearer <worker token>}.
 *
 * <ul>
 *   <li>{@code POST /api/worker/lease} {@link LeaseRequest} → 200 {@link JobLease}, or 204 when
 *       no job came up within {@code waitSeconds} (long poll);</li>
 *   <li>{@code POST /api/worker/jobs/{id}/heartbeat} {@link Heartbeat} → 200 {@link HeartbeatReply}
 *       (renews the lease; {@code cancel} asks the worker to stop), 409 when the lease is lost;</li>
 *   <li>{@code POST /api/worker/jobs/{id}/result} {@link JobResult} → 200 {@link ReportReply};</li>
 *   <li>{@code POST /api/worker/jobs/{id}/failure} {@link JobFailure} → 200 {@link ReportReply}.</li>
 * </ul>
 *
 * A report is accepted once: a repeated report of the same lease gets 200 with
 * {@code recorded=false} and says why; a report for a lease the worker does not hold gets 409.
 * Numbers are finite or absent (JSON has no NaN).
 */
package dev.lossforge.worker.protocol;
