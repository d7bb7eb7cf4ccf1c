package dev.lossforge.service.candidate;

import java.util.List;

/**
 * A candidate as proposers and listings see it.
 *
 * @param fitnessMean  mean over seeds of the discovery task's primary fitness, or {@code null}
 * @param deltaMean    mean paired difference against DPO on the same seeds, or {@code null}
 * @param deltaPValue  two-sided p-value of that difference, or {@code null}
 * @param errorKind    why it is INVALID or FAILED, or {@code null}
 */
public record CandidateSummary(
        long id,
        String name,
        String proposer,
        boolean baseline,
        CandidateStatus status,
        String hypothesis,
        String code,
        List<Long> parentIds,
        Double fitnessMean,
        Double fitnessCiLow,
        Double fitnessCiHigh,
        Double deltaMean,
        Double deltaPValue,
        String errorKind,
        String errorMessage,
        Long duplicateOf) {
}
