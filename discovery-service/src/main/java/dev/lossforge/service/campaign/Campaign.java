package dev.lossforge.service.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A campaign as stored.
 *
 * @param discovery      the discovery task; its config carries the campaign's beta where the task has one
 * @param heldOut        tasks the best candidates are re-evaluated on once the budget is spent
 * @param heldOutTop     how many of the best go to the held-out tasks (DPO always does)
 * @param proposedCount  candidates the proposer added so far (the budget used)
 */
public record Campaign(
        long id,
        String name,
        TaskSetting discovery,
        List<TaskSetting> heldOut,
        int heldOutTop,
        String proposer,
        Map<String, Object> proposerConfig,
        boolean proposerExhausted,
        List<String> baselines,
        List<Long> seeds,
        int maxCandidates,
        int proposedCount,
        double beta,
        long randomSeed,
        CampaignStatus status,
        String statusReason,
        CampaignPhase phase,
        Long tokenBudget,
        Double costBudgetUsd,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    public Campaign {
        heldOut = List.copyOf(heldOut);
        proposerConfig = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(proposerConfig));
        baselines = List.copyOf(baselines);
        seeds = List.copyOf(seeds);
    }

    /** Proposals still allowed. */
    public int remainingBudget() {
        return Math.max(0, maxCandidates - proposedCount);
    }
}
