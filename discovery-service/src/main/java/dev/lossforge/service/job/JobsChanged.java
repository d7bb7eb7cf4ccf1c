package dev.lossforge.service.job;

/** Published after jobs of a campaign finished or failed for good: the driver may have work. */
public record JobsChanged(long campaignId) {
}
