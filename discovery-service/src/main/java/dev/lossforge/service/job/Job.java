package dev.lossforge.service.job;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An evaluation job: one candidate, one task, one seed. */
public record Job(
        long id,
        long campaignId,
        long candidateId,
        String task,
        Map<String, Object> taskConfig,
        boolean heldOut,
        long seed,
        int priority,
        JobState state,
        int attempts,
        int maxAttempts,
        String leaseOwner,
        UUID leaseToken,
        Instant leaseExpiresAt,
        Instant leasedAt,
        String failureKind,
        String failureMessage,
        Instant finishedAt) {
}
