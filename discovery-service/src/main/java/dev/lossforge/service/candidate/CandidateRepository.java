package dev.lossforge.service.candidate;

import dev.lossforge.service.db.Json;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The candidate table. */
@Repository
public class CandidateRepository {

    private static final TypeReference<Map<String, Double>> SEED_VALUES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final Json json;
    private final RowMapper<Candidate> mapper = this::map;

    public CandidateRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Callers hold the campaign's row lock (its candidate count changes too). */
    long insert(NewCandidate c) {
        jdbc.sql("update campaign set candidate_count = candidate_count + 1 where id = :c")
                .param("c", c.campaignId()).update();
        return jdbc.sql("""
                        insert into candidate (campaign_id, name, hypothesis, thought, code, code_hash, proposer, baseline,
                            parent_ids, prompt_hash, fingerprint, duplicate_of, status, error_kind, error_message,
                            error_line, error_column)
                        values (:campaignId, :name, :hypothesis, :thought, :code, :codeHash, :proposer, :baseline,
                            :parentIds, :promptHash, :fingerprint, :duplicateOf, :status, :errorKind, :errorMessage,
                            :errorLine, :errorColumn)
                        returning id""")
                .param("campaignId", c.campaignId())
                .param("name", c.name())
                .param("hypothesis", c.hypothesis())
                .param("thought", c.thought())
                .param("code", c.code())
                .param("codeHash", CodeHash.of(c.code()))
                .param("proposer", c.proposer())
                .param("baseline", c.baseline())
                .param("parentIds", c.parentIds().toArray(Long[]::new))
                .param("promptHash", c.promptHash())
                .param("fingerprint", c.fingerprint())
                .param("duplicateOf", c.duplicateOf())
                .param("status", c.status().name())
                .param("errorKind", c.errorKind())
                .param("errorMessage", c.errorMessage())
                .param("errorLine", c.errorLine())
                .param("errorColumn", c.errorColumn())
                .query(Long.class).single();
    }

    public Optional<Candidate> find(long id) {
        return jdbc.sql("select * from candidate where id = :id").param("id", id).query(mapper).optional();
    }

    /** The original a fingerprint belongs to in a campaign. */
    Optional<Long> originalOf(long campaignId, String fingerprint) {
        return jdbc.sql("select id from candidate where campaign_id = :c and fingerprint = :f and duplicate_of is null")
                .param("c", campaignId).param("f", fingerprint).query(Long.class).optional();
    }

    public Optional<Candidate> builtin(long campaignId, String name) {
        return jdbc.sql("select * from candidate where campaign_id = :c and proposer = 'baselines' and name = :n")
                .param("c", campaignId).param("n", name).query(mapper).optional();
    }

    /** The campaign's DPO baseline, which every difference is taken against. */
    public Optional<Candidate> dpo(long campaignId) {
        return builtin(campaignId, "dpo");
    }

    public List<Candidate> best(long campaignId, int limit) {
        return jdbc.sql("""
                        select * from candidate where campaign_id = :c and fitness_mean is not null
                        order by fitness_mean desc nulls last, id limit :limit""")
                .param("c", campaignId).param("limit", limit).query(mapper).list();
    }

    public List<Candidate> recent(long campaignId, int limit) {
        return jdbc.sql("select * from candidate where campaign_id = :c order by id desc limit :limit")
                .param("c", campaignId).param("limit", limit).query(mapper).list();
    }

    public List<Candidate> baselines(long campaignId) {
        return jdbc.sql("select * from candidate where campaign_id = :c and baseline order by id")
                .param("c", campaignId).query(mapper).list();
    }

    public Set<String> names(long campaignId) {
        return new HashSet<>(jdbc.sql("select name from candidate where campaign_id = :c")
                .param("c", campaignId).query(String.class).list());
    }

    public List<String> builtinNames(long campaignId) {
        return jdbc.sql("select name from candidate where campaign_id = :c and proposer = 'baselines'")
                .param("c", campaignId).query(String.class).list();
    }

    public boolean codeKnown(long campaignId, String code) {
        return jdbc.sql("select exists (select 1 from candidate where campaign_id = :c and code_hash = :h)")
                .param("c", campaignId).param("h", CodeHash.of(code)).query(Boolean.class).single();
    }

    public List<Long> children(long candidateId) {
        return jdbc.sql("select id from candidate where parent_ids @> array[cast(:id as bigint)] order by id")
                .param("id", candidateId).query(Long.class).list();
    }

    /** First lease of one of its jobs: QUEUED becomes RUNNING. */
    public boolean markStarted(long candidateId) {
        return jdbc.sql("""
                        update candidate set status = 'RUNNING', started_at = coalesce(started_at, now())
                        where id = :id and status = 'QUEUED'""")
                .param("id", candidateId).update() == 1;
    }

    /** The aggregates on the discovery task and the status they imply. */
    public void finish(long candidateId, CandidateStatus status, String errorKind, String errorMessage,
                       Double mean, Double ciLow, Double ciHigh, int n, Map<String, Double> seedValues) {
        jdbc.sql("""
                        update candidate set status = :status, error_kind = :errorKind, error_message = :errorMessage,
                            fitness_mean = :mean, fitness_ci_low = :ciLow, fitness_ci_high = :ciHigh, fitness_n = :n,
                            seed_fitness = cast(:seeds as jsonb), finished_at = now()
                        where id = :id""")
                .param("id", candidateId).param("status", status.name()).param("errorKind", errorKind)
                .param("errorMessage", errorMessage).param("mean", mean).param("ciLow", ciLow)
                .param("ciHigh", ciHigh).param("n", n).param("seeds", json.write(seedValues)).update();
    }

    public void setDelta(long candidateId, Double mean, Double ciLow, Double ciHigh, Double pValue, Integer n) {
        jdbc.sql("""
                        update candidate set delta_mean = :mean, delta_ci_low = :ciLow, delta_ci_high = :ciHigh,
                            delta_p_value = :p, delta_n = :n
                        where id = :id""")
                .param("id", candidateId).param("mean", mean).param("ciLow", ciLow).param("ciHigh", ciHigh)
                .param("p", pValue).param("n", n).update();
    }

    /** Candidates of a cancelled campaign that had not finished. */
    public int cancelUnfinished(long campaignId) {
        return jdbc.sql("""
                        update candidate set status = 'CANCELLED', finished_at = now()
                        where campaign_id = :c and status in ('QUEUED', 'RUNNING')""")
                .param("c", campaignId).update();
    }

    private Candidate map(ResultSet rs, int row) throws SQLException {
        return new Candidate(
                rs.getLong("id"),
                rs.getLong("campaign_id"),
                rs.getString("name"),
                rs.getString("hypothesis"),
                rs.getString("thought"),
                rs.getString("code"),
                rs.getString("code_hash"),
                rs.getString("proposer"),
                rs.getBoolean("baseline"),
                longs(rs.getArray("parent_ids")),
                rs.getString("prompt_hash"),
                rs.getString("fingerprint"),
                rs.getObject("duplicate_of", Long.class),
                CandidateStatus.valueOf(rs.getString("status")),
                rs.getString("error_kind"),
                rs.getString("error_message"),
                rs.getObject("error_line", Integer.class),
                rs.getObject("error_column", Integer.class),
                rs.getObject("fitness_mean", Double.class),
                rs.getObject("fitness_ci_low", Double.class),
                rs.getObject("fitness_ci_high", Double.class),
                rs.getObject("fitness_n", Integer.class),
                rs.getString("seed_fitness") == null ? Map.of() : json.read(rs.getString("seed_fitness"), SEED_VALUES),
                rs.getObject("delta_mean", Double.class),
                rs.getObject("delta_ci_low", Double.class),
                rs.getObject("delta_ci_high", Double.class),
                rs.getObject("delta_p_value", Double.class),
                rs.getObject("delta_n", Integer.class),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    public static List<Long> longs(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object values = array.getArray();
        if (values instanceof Long[] boxed) {
            return Arrays.asList(boxed);
        }
        throw new SQLException("expected bigint[], got " + values.getClass());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
