package dev.lossforge.service.proposer.llm;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What a campaign has spent on its model so far.
 *
 * @param calls        HTTP calls made, failed ones included
 * @param inputTokens  prompt tokens
 * @param outputTokens completion tokens
 * @param costUsd      summed cost of the calls whose model has a price
 */
public record LlmUsage(long calls, long inputTokens, long outputTokens, BigDecimal costUsd) {

    public LlmUsage {
        Objects.requireNonNull(costUsd, "costUsd");
    }

    public static LlmUsage zero() {
        return new LlmUsage(0, 0, 0, BigDecimal.ZERO);
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    public LlmUsage plus(LlmCallRecord call) {
        BigDecimal cost = call.costUsd() == null ? costUsd : costUsd.add(call.costUsd());
        return new LlmUsage(calls + 1, inputTokens + call.inputTokens(), outputTokens + call.outputTokens(), cost);
    }

    /**
     * Whether this usage has reached the budget.
     *
     * @return the reason, in words for the campaign's status, or empty while budget remains
     */
    public Optional<String> exhausted(LlmBudget budget) {
        if (budget.maxTokens() != null && totalTokens() >= budget.maxTokens()) {
            return Optional.of("LLM token budget spent: " + totalTokens() + " of " + budget.maxTokens() + " tokens used");
        }
        if (budget.maxCostUsd() != null && costUsd.compareTo(budget.maxCostUsd()) >= 0) {
            return Optional.of("LLM cost budget spent: $" + costUsd.toPlainString() + " of $"
                    + budget.maxCostUsd().toPlainString() + " used");
        }
        return Optional.empty();
    }
}
