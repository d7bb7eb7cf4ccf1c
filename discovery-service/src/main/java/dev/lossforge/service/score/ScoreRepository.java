package dev.lossforge.service.score;

import dev.lossforge.service.db.Json;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The candidate_score table: aggregates per candidate and task. */
@Repository
public class ScoreRepository {

    private static final TypeReference<Map<String, Double>> SEED_VALUES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final Json json;

    public ScoreRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void upsert(long candidateId, long campaignId, String task, boolean heldOut, Aggregate a) {
        jdbc.sql("""
                        insert into candidate_score (candidate_id, task, campaign_id, held_out, n, failed, mean, ci_low,
                            ci_high, seed_values, updated_at)
                        values (:candidate, :task, :campaign, :heldOut, :n, :failed, :mean, :ciLow, :ciHigh,
                            cast(:seeds as jsonb), now())
                        on conflict (candidate_id, task) do update set
                            n = excluded.n, failed = excluded.failed, mean = excluded.mean, ci_low = excluded.ci_low,
                            ci_high = excluded.ci_high, seed_values = excluded.seed_values, updated_at = now()""")
                .param("candidate", candidateId).param("task", task).param("campaign", campaignId)
                .param("heldOut", heldOut).param("n", a.n()).param("failed", a.failed()).param("mean", a.mean())
                .param("ciLow", a.ciLow()).param("ciHigh", a.ciHigh()).param("seeds", json.write(a.seedValues()))
                .update();
    }

    void setDelta(long candidateId, String task, PairedDelta d) {
        jdbc.sql("""
                        update candidate_score set delta_mean = :mean, delta_ci_low = :ciLow, delta_ci_high = :ciHigh,
                            delta_p_value = :p, delta_n = :n
                        where candidate_id = :candidate and task = :task""")
                .param("candidate", candidateId).param("task", task).param("mean", d.mean())
                .param("ciLow", d.ciLow()).param("ciHigh", d.ciHigh()).param("p", d.pValue()).param("n", d.n())
                .update();
    }

    /** The complete, failure-free scores of a campaign's candidates on a task. */
    List<Score> clean(long campaignId, String task) {
        return jdbc.sql("""
                        select * from candidate_score
                        where campaign_id = :c and task = :t and failed = 0 and n > 0 order by candidate_id""")
                .param("c", campaignId).param("t", task).query((rs, n) -> score(rs)).list();
    }

    public Optional<Score> find(long candidateId, String task) {
        return jdbc.sql("select * from candidate_score where candidate_id = :c and task = :t")
                .param("c", candidateId).param("t", task).query((rs, n) -> score(rs)).optional();
    }

    public List<Score> forCandidate(long candidateId) {
        return jdbc.sql("select * from candidate_score where candidate_id = :c order by held_out, task")
                .param("c", candidateId).query((rs, n) -> score(rs)).list();
    }

    private Score score(java.sql.ResultSet rs) throws java.sql.SQLException {
        Aggregate aggregate = new Aggregate(rs.getInt("n"), rs.getInt("failed"), rs.getObject("mean", Double.class),
                rs.getObject("ci_low", Double.class), rs.getObject("ci_high", Double.class),
                json.read(rs.getString("seed_values"), SEED_VALUES));
        PairedDelta delta = rs.getObject("delta_n") == null ? null : new PairedDelta(rs.getInt("delta_n"),
                rs.getObject("delta_mean", Double.class), rs.getObject("delta_ci_low", Double.class),
                rs.getObject("delta_ci_high", Double.class), rs.getObject("delta_p_value", Double.class));
        return new Score(rs.getLong("candidate_id"), rs.getString("task"), rs.getBoolean("held_out"), aggregate, delta);
    }
}
