package dev.lossforge.service.campaign;

/**
 * A campaign changed status; published once the change is committed, so that listeners (a
 * proposer that keeps per-campaign clients) can let go of campaigns that no longer run.
 */
public record CampaignStatusChanged(long campaignId, CampaignStatus from, CampaignStatus to, String reason) {
}
