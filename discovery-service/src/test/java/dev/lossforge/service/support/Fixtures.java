package dev.lossforge.service.support;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

/**
 * Rows written straight into the database, for tests of the job protocol that need a campaign
 * and candidates but no proposer, sandbox or task.
 */
public final class Fixtures {

    private final JdbcClient jdbc;

    public Fixtures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A campaign with no budget, PAUSED until {@link #start} (so that the driver does not complete
     * it before its jobs are in): once running, it completes when its jobs are done.
     */
    public long campaign(String name, List<Long> seeds) {
        return jdbc.sql("""
                        insert into campaign (name, task, task_config, held_out_top, proposer, baselines, seeds,
                            max_candidates, beta, random_seed, status, started_at)
                        values (:name, 'bandit:clean', '{}', 0, 'baselines', '["dpo"]', cast(:seeds as jsonb), 0, 0.1,
                            1, 'PAUSED', now())
                        returning id""")
                .param("name", name).param("seeds", seeds.toString()).query(Long.class).single();
    }

    /** A QUEUED candidate with one job per seed at the given priority. */
    public long candidateWithJobs(long campaignId, String name, boolean dpo, List<Long> seeds, int priority,
                                  int maxAttempts) {
        long id = jdbc.sql("""
                        insert into candidate (campaign_id, name, code, code_hash, proposer, baseline, status, fingerprint)
                        values (:c, :name, 'class X {}', md5(:name || :c), :proposer, :baseline, 'QUEUED', md5(:name || :c))
                        returning id""")
                .param("c", campaignId).param("name", name).param("proposer", dpo ? "baselines" : "user")
                .param("baseline", dpo).query(Long.class).single();
        for (long seed : seeds) {
            jdbc.sql("""
                            insert into evaluation_job (campaign_id, candidate_id, task, task_config, seed, priority, max_attempts)
                            values (:c, :cand, 'bandit:clean', '{}', :seed, :p, :m)""")
                    .param("c", campaignId).param("cand", id).param("seed", seed).param("p", priority)
                    .param("m", maxAttempts).update();
        }
        return id;
    }

    public void start(long campaignId) {
        jdbc.sql("update campaign set status = 'RUNNING' where id = :c").param("c", campaignId).update();
    }

    /** A DPO baseline that is already evaluated (no jobs), so that the driver lets the campaign run. */
    public long evaluatedDpo(long campaignId) {
        return jdbc.sql("""
                        insert into candidate (campaign_id, name, code, code_hash, proposer, baseline, status)
                        values (:c, 'dpo', 'class Dpo {}', md5('dpo' || :c), 'baselines', true, 'EVALUATED')
                        returning id""")
                .param("c", campaignId).query(Long.class).single();
    }

    /** Leaves no job leasable: tests of the queue start from an empty one. */
    public void cancelEverything() {
        jdbc.sql("update evaluation_job set state = 'CANCELLED' where state in ('QUEUED', 'LEASED')").update();
        jdbc.sql("update campaign set status = 'CANCELLED' where status in ('QUEUED', 'RUNNING', 'PAUSED')").update();
    }
}
