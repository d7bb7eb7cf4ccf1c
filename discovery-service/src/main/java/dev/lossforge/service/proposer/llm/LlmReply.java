package dev.lossforge.service.proposer.llm;

import java.util.List;

/**
 * The text a model answered with, and what the answer cost.
 *
 * @param text         the reply (may be empty)
 * @param truncated    the model stopped at the output-token limit
 * @param inputTokens  prompt tokens of the successful call
 * @param outputTokens completion tokens of the successful call
 * @param calls        every attempt made for this turn, the failed retries first
 */
public record LlmReply(String text, boolean truncated, long inputTokens, long outputTokens, List<LlmCallRecord> calls) {

    public LlmReply {
        text = text == null ? "" : text;
        calls = List.copyOf(calls);
    }
}
