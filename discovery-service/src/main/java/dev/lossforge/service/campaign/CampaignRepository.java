package dev.lossforge.service.campaign;

import dev.lossforge.service.db.Json;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The campaign table. */
@Repository
public class CampaignRepository {

    private final JdbcClient jdbc;
    private final Json json;
    private final RowMapper<Campaign> mapper = this::map;

    public CampaignRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    long insert(NewCampaign c) {
        return jdbc.sql("""
                        insert into campaign (name, task, task_config, held_out_tasks, held_out_top, proposer,
                            proposer_config, baselines, seeds, max_candidates, beta, random_seed)
                        values (:name, :task, cast(:taskConfig as jsonb), cast(:heldOut as jsonb), :heldOutTop,
                            :proposer, cast(:proposerConfig as jsonb), cast(:baselines as jsonb),
                            cast(:seeds as jsonb), :maxCandidates, :beta, :randomSeed)
                        returning id""")
                .param("name", c.name())
                .param("task", c.discovery().task())
                .param("taskConfig", json.write(c.discovery().taskConfig()))
                .param("heldOut", json.write(c.heldOut()))
                .param("heldOutTop", c.heldOutTop())
                .param("proposer", c.proposer())
                .param("proposerConfig", json.write(c.proposerConfig()))
                .param("baselines", json.write(c.baselines()))
                .param("seeds", json.write(c.seeds()))
                .param("maxCandidates", c.maxCandidates())
                .param("beta", c.beta())
                .param("randomSeed", c.randomSeed())
                .query(Long.class).single();
    }

    public Optional<Campaign> find(long id) {
        return jdbc.sql("select * from campaign where id = :id").param("id", id).query(mapper).optional();
    }

    /** Locks the campaign's row until the transaction ends: every change to a campaign's candidates and jobs takes it first. */
    public Optional<Campaign> lock(long id) {
        return jdbc.sql("select * from campaign where id = :id for update").param("id", id).query(mapper).optional();
    }

    List<Campaign> list(int limit, int offset) {
        return jdbc.sql("select * from campaign order by id desc limit :limit offset :offset")
                .param("limit", limit).param("offset", offset).query(mapper).list();
    }

    long count() {
        return jdbc.sql("select count(*) from campaign").query(Long.class).single();
    }

    /** Campaigns the driver works on. */
    List<Campaign> active() {
        return jdbc.sql("select * from campaign where status in ('QUEUED', 'RUNNING') order by id").query(mapper).list();
    }

    void setStatus(long id, CampaignStatus status, String reason) {
        jdbc.sql("""
                        update campaign set status = :status, status_reason = :reason, updated_at = now(),
                            started_at = case when :status = 'RUNNING' then coalesce(started_at, now()) else started_at end,
                            finished_at = case when :status in ('COMPLETED', 'FAILED', 'CANCELLED') then now() else finished_at end
                        where id = :id""")
                .param("id", id).param("status", status.name()).param("reason", reason).update();
    }

    void setPhase(long id, CampaignPhase phase) {
        jdbc.sql("update campaign set phase = :phase, updated_at = now() where id = :id")
                .param("id", id).param("phase", phase.name()).update();
    }

    public void markProposerExhausted(long id) {
        jdbc.sql("update campaign set proposer_exhausted = true, updated_at = now() where id = :id").param("id", id).update();
    }

    public void incrementProposed(long id) {
        jdbc.sql("update campaign set proposed_count = proposed_count + 1, updated_at = now() where id = :id")
                .param("id", id).update();
    }

    public Map<String, Object> proposerState(long id) {
        return jdbc.sql("select proposer_state::text from campaign where id = :id").param("id", id)
                .query(String.class).optional().map(json::readObject).orElse(Map.of());
    }

    public void saveProposerState(long id, Map<String, Object> state) {
        jdbc.sql("update campaign set proposer_state = cast(:state as jsonb), updated_at = now() where id = :id")
                .param("id", id).param("state", json.write(state)).update();
    }

    /** Candidates by status. */
    Map<String, Long> candidateCounts(long id) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("select status, count(*) as n from candidate where campaign_id = :id group by status order by status")
                .param("id", id)
                .query(rs -> {
                    counts.put(rs.getString("status"), rs.getLong("n"));
                });
        return counts;
    }

    /** Jobs by state. */
    Map<String, Long> jobCounts(long id) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("select state, count(*) as n from evaluation_job where campaign_id = :id group by state order by state")
                .param("id", id)
                .query(rs -> {
                    counts.put(rs.getString("state"), rs.getLong("n"));
                });
        return counts;
    }

    record LlmUsage(long calls, long promptTokens, long completionTokens, Double costUsd) {
    }

    LlmUsage llmUsage(long id) {
        return jdbc.sql("""
                        select count(*) as calls, coalesce(sum(prompt_tokens), 0) as prompt,
                               coalesce(sum(completion_tokens), 0) as completion, sum(cost_usd) as cost
                        from llm_call where campaign_id = :id""")
                .param("id", id)
                .query((rs, n) -> new LlmUsage(rs.getLong("calls"), rs.getLong("prompt"), rs.getLong("completion"),
                        rs.getObject("cost") == null ? null : rs.getDouble("cost")))
                .single();
    }

    private Campaign map(ResultSet rs, int row) throws SQLException {
        return new Campaign(
                rs.getLong("id"),
                rs.getString("name"),
                new TaskSetting(rs.getString("task"), json.readObject(rs.getString("task_config"))),
                json.readList(rs.getString("held_out_tasks"), TaskSetting.class),
                rs.getInt("held_out_top"),
                rs.getString("proposer"),
                json.readObject(rs.getString("proposer_config")),
                rs.getBoolean("proposer_exhausted"),
                json.readList(rs.getString("baselines"), String.class),
                json.readList(rs.getString("seeds"), Long.class),
                rs.getInt("max_candidates"),
                rs.getInt("proposed_count"),
                rs.getDouble("beta"),
                rs.getLong("random_seed"),
                CampaignStatus.valueOf(rs.getString("status")),
                rs.getString("status_reason"),
                CampaignPhase.valueOf(rs.getString("phase")),
                (Long) rs.getObject("token_budget", Long.class),
                rs.getObject("cost_budget_usd") == null ? null : rs.getDouble("cost_budget_usd"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
