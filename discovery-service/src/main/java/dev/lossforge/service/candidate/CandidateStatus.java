package dev.lossforge.service.candidate;

/** Where a candidate stands on its campaign's discovery task. */
public enum CandidateStatus {
    /** the sandbox rejected its code (error kind, message, line and column say why) */
    INVALID,
    /** computes what an earlier candidate of the campaign computes ({@code duplicateOf}); not evaluated */
    DUPLICATE,
    /** valid; its jobs wait for workers */
    QUEUED,
    /** at least one of its jobs is leased */
    RUNNING,
    /** every seed measured: it has a fitness */
    EVALUATED,
    /** a seed failed (DIVERGED, TIMEOUT, CRASHED, ERROR, INVALID in the worker) */
    FAILED,
    /** its campaign was cancelled before it finished */
    CANCELLED
}
