package dev.lossforge.service.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A campaign as the API shows it: settings, status, counts by candidate status, best so far, budget used. */
public record CampaignView(
        long id,
        String name,
        String task,
        Map<String, Object> taskConfig,
        List<TaskSetting> heldOutTasks,
        int heldOutTop,
        String proposer,
        Map<String, Object> proposerConfig,
        List<String> baselines,
        List<Long> seeds,
        int maxCandidates,
        double beta,
        long randomSeed,
        CampaignStatus status,
        String statusReason,
        CampaignPhase phase,
        Map<String, Long> candidates,
        Best best,
        Budget budget,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    /** The best candidate so far on the discovery task. */
    public record Best(long candidateId, String name, Double fitnessMean, Double fitnessCiLow, Double fitnessCiHigh,
                       Double deltaVsDpo, Double pValue) {
    }

    /**
     * What the campaign has used.
     *
     * @param proposed       candidates the proposer added, out of {@code maxCandidates}
     * @param jobs           evaluation jobs by state
     * @param llmCalls       LLM calls made (llm proposer)
     * @param promptTokens   their prompt tokens
     * @param completionTokens their completion tokens
     * @param costUsd        their cost where prices are configured
     */
    public record Budget(int proposed, int maxCandidates, Map<String, Long> jobs, long llmCalls, long promptTokens,
                         long completionTokens, Double costUsd, Long tokenBudget, Double costBudgetUsd) {
    }
}
