package dev.lossforge.service.score;

/** A candidate's aggregate on one task, with its difference against DPO when known. */
public record Score(long candidateId, String task, boolean heldOut, Aggregate aggregate, PairedDelta delta) {
}
