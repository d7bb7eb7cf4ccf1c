package dev.lossforge.service.proposer.llm;

import java.util.Objects;

/**
 * Everything one campaign's LLM proposer runs with, after per-campaign overrides are applied to
 * the defaults.
 *
 * @param model          which model and how to call it
 * @param maxRepairTurns repair turns per proposal after an unusable reply or rejected code (0 to 10)
 * @param concurrency    proposals in flight at once (1 to 64)
 * @param context        how much history a prompt may carry
 * @param budget         the campaign's token and cost limits
 */
public record LlmProposerSettings(ModelSettings model, int maxRepairTurns, int concurrency, ContextLimits context,
                                  LlmBudget budget) {

    public LlmProposerSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(budget, "budget");
        if (maxRepairTurns < 0 || maxRepairTurns > 10) {
            throw new LlmConfigurationException("maxRepairTurns", "must be between 0 and 10, got " + maxRepairTurns);
        }
        if (concurrency < 1 || concurrency > 64) {
            throw new LlmConfigurationException("concurrency", "must be between 1 and 64, got " + concurrency);
        }
    }
}
