package dev.lossforge.service.proposer.llm;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one proposal needs to know about its campaign.
 *
 * @param campaignId    recorded with every call
 * @param task          the discovery task as the trainer names it ({@code bandit:noisy-40})
 * @param taskSettings  the task settings to show the model (overrides or resolved config); may be empty
 * @param beta          the campaign's beta
 * @param fitnessMetric the task's primary metric, higher is better
 * @param candidates      the candidates the prompt may show, baselines included, in any order: all of
 *                        them, or the baselines, the best and the most recent when the campaign is large
 * @param totalCandidates how many candidates the campaign holds (at least {@code candidates.size()})
 * @param parent          a candidate to improve, or {@code null} for a free proposal
 * @param lookup          the campaign's store, for names and code the proposer has not seen
 */
public record ProposalRequest(
        String campaignId,
        String task,
        Map<String, ?> taskSettings,
        double beta,
        String fitnessMetric,
        List<CandidateSummary> candidates,
        int totalCandidates,
        ParentCandidate parent,
        CampaignLookup lookup) {

    public ProposalRequest {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(fitnessMetric, "fitnessMetric");
        taskSettings = taskSettings == null ? Map.of() : Map.copyOf(taskSettings);
        candidates = List.copyOf(candidates);
        totalCandidates = Math.max(totalCandidates, candidates.size());
        lookup = lookup == null ? CampaignLookup.NONE : lookup;
    }

    /** A request whose candidate list is the whole campaign, with nothing to look up elsewhere. */
    public ProposalRequest(String campaignId, String task, Map<String, ?> taskSettings, double beta,
                           String fitnessMetric, List<CandidateSummary> candidates, ParentCandidate parent) {
        this(campaignId, task, taskSettings, beta, fitnessMetric, candidates, candidates.size(), parent,
                CampaignLookup.NONE);
    }

    /** The task's name without its variant: {@code bandit} for {@code bandit:noisy-40}. */
    public String taskName() {
        int colon = task.indexOf(':');
        return (colon < 0 ? task : task.substring(0, colon)).trim();
    }

    /** The variant, or {@code default}. */
    public String variant() {
        int colon = task.indexOf(':');
        return colon < 0 ? "default" : task.substring(colon + 1).trim();
    }
}
