package dev.lossforge.service.support;

import dev.lossforge.service.candidate.CodeHash;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

/**
 * Candidates written straight into the database with the scores a campaign would have given them,
 * for tests of what is read back (leaderboard order, best-so-far, exports) that need known numbers
 * rather than training runs. The campaign is PAUSED, so the driver leaves it alone.
 */
public final class ScoredCandidates {

    /** One candidate row; null fitness leaves it unscored. */
    public record Row(String name, String code, String proposer, boolean baseline, String status, String hypothesis,
                      Double fitness, Double ciLow, Double ciHigh, Double delta, Double pValue,
                      Map<String, Double> seedFitness, Instant finishedAt) {

        public static Row scored(String name, String code, double fitness, Instant finishedAt) {
            return new Row(name, code, "user", false, "EVALUATED", null, fitness, fitness - 0.1, fitness + 0.1, null,
                    null, Map.of(), finishedAt);
        }

        public Row withDelta(double delta, double pValue) {
            return new Row(name, code, proposer, baseline, status, hypothesis, fitness, ciLow, ciHigh, delta, pValue,
                    seedFitness, finishedAt);
        }

        public Row withHypothesis(String text) {
            return new Row(name, code, proposer, baseline, status, text, fitness, ciLow, ciHigh, delta, pValue,
                    seedFitness, finishedAt);
        }

        public Row withSeeds(Map<String, Double> values) {
            return new Row(name, code, proposer, baseline, status, hypothesis, fitness, ciLow, ciHigh, delta, pValue,
                    values, finishedAt);
        }

        public Row asBaseline() {
            return new Row(name, code, "baselines", true, status, hypothesis, fitness, ciLow, ciHigh, delta, pValue,
                    seedFitness, finishedAt);
        }

        public static Row unscored(String name, String code, String status) {
            return new Row(name, code, "user", false, status, null, null, null, null, null, null, null, null);
        }
    }

    private final JdbcClient jdbc;
    private final Fixtures fixtures;

    public ScoredCandidates(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.fixtures = new Fixtures(jdbc);
    }

    public long campaign(String name) {
        return fixtures.campaign(name, java.util.List.of(1L, 2L));
    }

    public long add(long campaignId, Row r) {
        jdbc.sql("update campaign set candidate_count = candidate_count + 1 where id = :c").param("c", campaignId).update();
        return jdbc.sql("""
                        insert into candidate (campaign_id, name, hypothesis, code, code_hash, proposer, baseline, status,
                            fingerprint, fitness_mean, fitness_ci_low, fitness_ci_high, fitness_n, seed_fitness,
                            delta_mean, delta_p_value, delta_ci_low, delta_ci_high, delta_n, finished_at)
                        values (:c, :name, :hypothesis, :code, :hash, :proposer, :baseline, :status, md5(:name || :c),
                            :fitness, :ciLow, :ciHigh, :n, cast(:seeds as jsonb), :delta, :p, :deltaLow, :deltaHigh,
                            :deltaN, :finished)
                        returning id""")
                .param("c", campaignId).param("name", r.name()).param("hypothesis", r.hypothesis())
                .param("code", r.code()).param("hash", CodeHash.of(r.code())).param("proposer", r.proposer())
                .param("baseline", r.baseline()).param("status", r.status())
                .param("fitness", r.fitness()).param("ciLow", r.ciLow()).param("ciHigh", r.ciHigh())
                .param("n", r.fitness() == null ? null : 2)
                .param("seeds", r.seedFitness() == null ? null : Api.JSON.writeValueAsString(r.seedFitness()))
                .param("delta", r.delta()).param("p", r.pValue())
                .param("deltaLow", r.delta() == null ? null : r.delta() - 0.05)
                .param("deltaHigh", r.delta() == null ? null : r.delta() + 0.05)
                .param("deltaN", r.delta() == null ? null : 2)
                .param("finished", r.finishedAt() == null ? null : Timestamp.from(r.finishedAt()))
                .query(Long.class).single();
    }

    /** A finished job of the candidate on a task and seed, with what its worker reported. */
    public void seedResult(long candidateId, String task, long seed, double fitness, Map<String, Double> metrics) {
        long job = jdbc.sql("""
                        insert into evaluation_job (campaign_id, candidate_id, task, task_config, seed, state, attempts,
                            max_attempts, finished_at)
                        select campaign_id, id, :task, '{}', :seed, 'SUCCEEDED', 1, 1, now() from candidate where id = :id
                        returning id""")
                .param("task", task).param("seed", seed).param("id", candidateId).query(Long.class).single();
        jdbc.sql("""
                        insert into evaluation_result (job_id, candidate_id, campaign_id, task, seed, lease_token, worker_id,
                            status, fitness, metrics, wall_seconds)
                        select :job, id, campaign_id, :task, :seed, gen_random_uuid(), 'test-worker', 'COMPLETED', :fitness,
                            cast(:metrics as jsonb), 1.5 from candidate where id = :id""")
                .param("job", job).param("task", task).param("seed", seed).param("fitness", fitness)
                .param("metrics", Api.JSON.writeValueAsString(metrics)).param("id", candidateId).update();
    }

    /** The candidate's aggregate on a task, as Scoring would have stored it. */
    public void score(long candidateId, String task, boolean heldOut, double mean, double ciLow, double ciHigh,
                      Map<String, Double> seedValues) {
        jdbc.sql("""
                        insert into candidate_score (candidate_id, task, campaign_id, held_out, n, failed, mean, ci_low,
                            ci_high, seed_values)
                        select id, :task, campaign_id, :heldOut, :n, 0, :mean, :ciLow, :ciHigh, cast(:seeds as jsonb)
                        from candidate where id = :id""")
                .param("task", task).param("heldOut", heldOut).param("n", seedValues.size()).param("mean", mean)
                .param("ciLow", ciLow).param("ciHigh", ciHigh).param("seeds", Api.JSON.writeValueAsString(seedValues))
                .param("id", candidateId).update();
    }
}
