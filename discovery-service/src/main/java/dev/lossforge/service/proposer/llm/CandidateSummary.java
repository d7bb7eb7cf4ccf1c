package dev.lossforge.service.proposer.llm;

import java.util.Objects;

/**
 * What the prompt may say about one candidate of the campaign.
 *
 * @param id         the candidate's id
 * @param name       its name
 * @param baseline   a built-in loss evaluated as a baseline
 * @param status     its status as the service names it (EVALUATED, INVALID, DIVERGED, RUNNING, ...)
 * @param fitness    mean fitness over seeds, or {@code null} when not (yet) evaluated
 * @param ciLow      lower end of the 95% CI, or {@code null}
 * @param ciHigh     upper end of the 95% CI, or {@code null}
 * @param hypothesis the idea behind it (the model's thought), or {@code null}
 * @param error      the short failure reason for failed candidates, or {@code null}
 * @param sequence   creation order within the campaign: higher is more recent
 */
public record CandidateSummary(
        String id,
        String name,
        boolean baseline,
        String status,
        Double fitness,
        Double ciLow,
        Double ciHigh,
        String hypothesis,
        String error,
        long sequence) {

    public CandidateSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        if (fitness != null && !Double.isFinite(fitness)) {
            fitness = null;
        }
    }

    public boolean evaluated() {
        return fitness != null;
    }
}
