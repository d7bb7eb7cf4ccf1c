package dev.lossforge.service.campaign;

/** Where a campaign stands. */
public enum CampaignStatus {
    /** created; the driver has not started it yet */
    QUEUED,
    /** its jobs are leased and its proposer asked for candidates */
    RUNNING,
    /** no new job starts; leased ones finish */
    PAUSED,
    COMPLETED,
    /** it cannot go on (its DPO baseline failed, its task vanished); the reason says why */
    FAILED,
    CANCELLED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
