package dev.lossforge.service.event;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a campaign's event log, as SSE clients receive it (the SSE id is {@link #id()}).
 *
 * @param type {@code campaign.created}, {@code campaign.status}, {@code campaign.phase},
 *             {@code candidate.proposed}, {@code candidate.validated}, {@code candidate.started},
 *             {@code candidate.progress}, {@code candidate.finished}, {@code job.finished},
 *             {@code job.retried}
 */
public record CampaignEvent(long id, long campaignId, String type, Long candidateId, Long jobId,
                            Map<String, Object> payload, Instant createdAt) {
}
