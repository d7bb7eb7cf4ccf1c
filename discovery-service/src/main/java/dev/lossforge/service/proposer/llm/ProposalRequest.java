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
 * @param candidates    every candidate of the campaign so far, baselines included, in any order
 * @param parent        a candidate to improve, or {@code null} for a free proposal
 */
public record ProposalRequest(
        String campaignId,
        String task,
        Map<String, ?> taskSettings,
        double beta,
        String fitnessMetric,
        List<CandidateSummary> candidates,
        ParentCandidate parent) {

    public ProposalRequest {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(fitnessMetric, "fitnessMetric");
        taskSettings = taskSettings == null ? Map.of() : Map.copyOf(taskSettings);
        candidates = List.copyOf(candidates);
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
