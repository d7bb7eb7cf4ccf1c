package dev.lossforge.service.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Evaluation jobs and their leases ({@code lossforge.jobs.*}).
 *
 * @param leaseDuration     a lease lasts this long after each heartbeat; a worker silent for
 *                          longer is presumed dead and its job runs again elsewhere
 * @param heartbeatInterval how often workers are asked to heartbeat
 * @param maxAttempts       leases of one job before it fails as CRASHED
 * @param timeout           wall-clock limit of one job; past it the job fails as TIMEOUT
 * @param longPoll          the longest a lease request waits for a job
 * @param reaperInterval    how often expired leases are looked for
 */
@ConfigurationProperties("lossforge.jobs")
public record JobProperties(
        @DefaultValue("60s") Duration leaseDuration,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("30m") Duration timeout,
        @DefaultValue("20s") Duration longPoll,
        @DefaultValue("1s") Duration reaperInterval) {

    public JobProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("lossforge.jobs.max-attempts must be at least 1");
        }
        if (leaseDuration.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("lossforge.jobs.lease-duration must exceed lossforge.jobs.heartbeat-interval");
        }
    }
}
