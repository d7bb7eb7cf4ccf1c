package dev.lossforge.service.campaign;

/** A campaign was created or resumed: the driver has work. */
record CampaignsChanged(long campaignId) {
}
