package dev.lossforge.service.candidate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A candidate as stored, with its aggregates on the campaign's discovery task. */
public record Candidate(
        long id,
        long campaignId,
        String name,
        String hypothesis,
        String thought,
        String code,
        String codeHash,
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
        Integer errorColumn,
        Double fitnessMean,
        Double fitnessCiLow,
        Double fitnessCiHigh,
        Integer fitnessN,
        Map<String, Double> seedFitness,
        Double deltaMean,
        Double deltaCiLow,
        Double deltaCiHigh,
        Double deltaPValue,
        Integer deltaN,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    public CandidateSummary summary() {
        return new CandidateSummary(id, name, proposer, baseline, status, hypothesis, code, parentIds, fitnessMean,
                fitnessCiLow, fitnessCiHigh, deltaMean, deltaPValue, errorKind, errorMessage, duplicateOf);
    }
}
