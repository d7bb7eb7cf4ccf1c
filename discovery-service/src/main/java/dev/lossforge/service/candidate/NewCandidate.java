package dev.lossforge.service.candidate;

import java.util.List;

/** A row to insert into {@code candidate}. */
record NewCandidate(
        long campaignId,
        String name,
        String hypothesis,
        String thought,
        String code,
        String proposer,
        boolean baseline,
        List<Long> parentIds,
        String promptHash,
        String fingerprint,
        Long duplicateOf,
        CandidateStatus status,
        String errorKind,
        String errorMessage,
        Integer errorLine,
        Integer errorColumn) {
}
