package dev.lossforge.service.job;

/** Where an evaluation job stands. */
public enum JobState {
    QUEUED,
    LEASED,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
