package dev.lossforge.service.proposer.llm;

import dev.lossforge.service.db.Json;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The {@code llm_call} table: one row per attempt of every call a campaign's proposer made. Rows
 * are written as calls end, before the proposal they belong to is stored, so that a restarted
 * service still counts them against the campaign's budget; the candidate is linked once stored.
 */
@Repository
class LlmCallRepository {

    private final JdbcClient jdbc;
    private final Json json;

    LlmCallRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** @return the row's id */
    long insert(long campaignId, LlmCallRecord call) {
        return jdbc.sql("""
                        insert into llm_call (campaign_id, proposal_id, purpose, turn, attempt, provider, model,
                            prompt_hash, request, response, prompt_tokens, completion_tokens, latency_ms, cost_usd,
                            outcome, error, created_at)
                        values (:campaign, :proposal, :purpose, :turn, :attempt, :provider, :model, :promptHash,
                            cast(:request as jsonb), :response, :prompt, :completion, :latency, :cost, :outcome,
                            :error, :createdAt)
                        returning id""")
                .param("campaign", campaignId)
                .param("proposal", proposalUuid(call.proposalId()))
                .param("purpose", call.purpose().name())
                .param("turn", call.turn())
                .param("attempt", call.attempt())
                .param("provider", call.provider())
                .param("model", call.model())
                .param("promptHash", call.promptHash())
                .param("request", json.write(call.request()))
                .param("response", call.response())
                .param("prompt", call.inputTokens())
                .param("completion", call.outputTokens())
                .param("latency", (int) Math.min(Integer.MAX_VALUE, call.latencyMillis()))
                .param("cost", call.costUsd())
                .param("outcome", call.outcome().name())
                .param("error", call.error())
                .param("createdAt", call.startedAt().atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
    }

    /** What the campaign's calls used so far, for its budget after a restart. */
    LlmUsage usage(long campaignId) {
        return jdbc.sql("""
                        select count(*) as calls, coalesce(sum(prompt_tokens), 0) as prompt,
                               coalesce(sum(completion_tokens), 0) as completion, coalesce(sum(cost_usd), 0) as cost
                        from llm_call where campaign_id = :c""")
                .param("c", campaignId)
                .query((rs, n) -> new LlmUsage(rs.getLong("calls"), rs.getLong("prompt"), rs.getLong("completion"),
                        rs.getObject("cost", BigDecimal.class)))
                .single();
    }

    private static UUID proposalUuid(String proposalId) {
        try {
            return proposalId == null ? null : UUID.fromString(proposalId);
        } catch (IllegalArgumentException e) {
            return UUID.nameUUIDFromBytes(proposalId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
