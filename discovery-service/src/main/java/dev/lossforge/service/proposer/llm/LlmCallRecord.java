package dev.lossforge.service.proposer.llm;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP call to a model, as the service stores it in {@code llm_call}. A retried request
 * gives one record per attempt.
 *
 * @param campaignId   the campaign the call was made for
 * @param proposalId   groups the calls of one proposal (first turn, repairs, retries); the service
 *                     links them to the candidate once the proposal is stored
 * @param promptHash   SHA-256 of the templates the conversation came from, or {@code null}
 * @param startedAt    when the request was sent
 * @param provider     the provider id ({@code openai}, ...)
 * @param model        the model name
 * @param purpose      first proposal or repair
 * @param turn         0 for the first turn, 1.. for repair turns
 * @param attempt      1 for the first try of a turn, 2.. for retries
 * @param outcome      how it ended
 * @param inputTokens  prompt tokens the server reported (0 when it reported none)
 * @param outputTokens completion tokens the server reported
 * @param latencyMillis wall time of the call
 * @param costUsd      the cost from the configured prices, or {@code null} when the model has none
 * @param error        a short error text with any key removed, or {@code null}
 * @param request      the conversation sent (no key is ever part of it)
 * @param response     the model's reply text, or {@code null} when the call failed
 */
public record LlmCallRecord(
        String campaignId,
        String proposalId,
        String promptHash,
        Instant startedAt,
        String provider,
        String model,
        CallPurpose purpose,
        int turn,
        int attempt,
        CallOutcome outcome,
        long inputTokens,
        long outputTokens,
        long latencyMillis,
        BigDecimal costUsd,
        String error,
        List<PromptMessage> request,
        String response) {

    public LlmCallRecord {
        request = request == null ? List.of() : List.copyOf(request);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(outcome, "outcome");
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
