package dev.lossforge.service.proposer.llm;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Process-wide LLM settings, shared by every campaign.
 *
 * @param promptsDir the folder read for prompt templates first (default {@code ./prompts})
 * @param retry      back-off for calls that may pass when repeated
 * @param prices     per-model prices for cost records and cost budgets
 */
public record LlmEnvironment(Path promptsDir, RetryPolicy retry, PriceTable prices) {

    public LlmEnvironment {
        Objects.requireNonNull(promptsDir, "promptsDir");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(prices, "prices");
    }

    public static LlmEnvironment defaults() {
        return new LlmEnvironment(Path.of("prompts"), RetryPolicy.defaults(), PriceTable.none());
    }
}
