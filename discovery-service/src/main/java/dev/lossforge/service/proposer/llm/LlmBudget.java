package dev.lossforge.service.proposer.llm;

import java.math.BigDecimal;

/**
 * Limits on what a campaign may spend on its model; {@code null} means no limit. Repair turns
 * and retried calls count like any other call.
 *
 * @param maxTokens  prompt plus completion tokens over all calls
 * @param maxCostUsd cost over all calls of models with a configured price
 */
public record LlmBudget(Long maxTokens, BigDecimal maxCostUsd) {

    public LlmBudget {
        if (maxTokens != null && maxTokens < 1) {
            throw new LlmConfigurationException("tokenBudget", "must be at least 1, got " + maxTokens);
        }
        if (maxCostUsd != null && maxCostUsd.signum() <= 0) {
            throw new LlmConfigurationException("costBudgetUsd", "must be above 0, got " + maxCostUsd);
        }
    }

    public static LlmBudget unlimited() {
        return new LlmBudget(null, null);
    }
}
