package dev.lossforge.service.job;

import dev.lossforge.service.campaign.TaskSetting;
import dev.lossforge.service.db.Json;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The evaluation_job table. */
@Repository
public class JobRepository {

    private final JdbcClient jdbc;
    private final Json json;
    private final RowMapper<Job> mapper = this::map;

    public JobRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One job per seed; jobs that exist already are left alone. Returns how many were added. */
    public int enqueue(long campaignId, long candidateId, TaskSetting task, boolean heldOut, List<Long> seeds,
                       int priority, int maxAttempts) {
        int added = 0;
        String config = json.write(task.taskConfig());
        for (long seed : seeds) {
            added += jdbc.sql("""
                            insert into evaluation_job (campaign_id, candidate_id, task, task_config, held_out, seed,
                                priority, max_attempts)
                            values (:campaign, :candidate, :task, cast(:config as jsonb), :heldOut, :seed, :priority,
                                :maxAttempts)
                            on conflict (candidate_id, task, seed) do nothing""")
                    .param("campaign", campaignId).param("candidate", candidateId).param("task", task.task())
                    .param("config", config).param("heldOut", heldOut).param("seed", seed)
                    .param("priority", priority).param("maxAttempts", maxAttempts)
                    .update();
        }
        return added;
    }

    /**
     * Leases the most urgent queued job of a running campaign. Concurrent callers skip each
     * other's rows instead of waiting, so every caller gets a different job.
     */
    Optional<Job> leaseNext(String workerId, Duration lease) {
        return jdbc.sql("""
                        with next as (
                            select j.id from evaluation_job j join campaign c on c.id = j.campaign_id
                            where j.state = 'QUEUED' and c.status = 'RUNNING'
                            order by j.priority desc, j.id
                            limit 1
                            for update of j skip locked)
                        update evaluation_job j
                        set state = 'LEASED', attempts = j.attempts + 1, lease_owner = :worker,
                            lease_token = :token, leased_at = now(), heartbeat_at = now(),
                            lease_expires_at = now() + make_interval(secs => :seconds), progress = null
                        from next where j.id = next.id
                        returning j.*""")
                .param("worker", workerId)
                .param("token", UUID.randomUUID())
                .param("seconds", lease.toMillis() / 1000.0)
                .query(mapper).optional();
    }

    public Optional<Job> find(long id) {
        return jdbc.sql("select * from evaluation_job where id = :id").param("id", id).query(mapper).optional();
    }

    Optional<Job> lock(long id) {
        return jdbc.sql("select * from evaluation_job where id = :id for update").param("id", id).query(mapper).optional();
    }

    /**
     * Locks the row of the job's campaign, in one statement, and returns the campaign's id: every
     * change that finishes a job takes this lock before the job's own.
     */
    Optional<Long> lockCampaignOf(long jobId) {
        return jdbc.sql("""
                        select c.id from campaign c join evaluation_job j on j.campaign_id = c.id
                        where j.id = :id for update of c""")
                .param("id", jobId).query(Long.class).optional();
    }

    Optional<Long> campaignOf(long jobId) {
        return jdbc.sql("select campaign_id from evaluation_job where id = :id").param("id", jobId)
                .query(Long.class).optional();
    }

    /** Renews a lease held with this token. */
    boolean renew(long id, UUID token, Duration lease, Map<String, Object> progress) {
        return jdbc.sql("""
                        update evaluation_job
                        set lease_expires_at = now() + make_interval(secs => :seconds), heartbeat_at = now(),
                            progress = cast(:progress as jsonb)
                        where id = :id and state = 'LEASED' and lease_token = :token""")
                .param("id", id).param("token", token).param("seconds", lease.toMillis() / 1000.0)
                .param("progress", json.write(progress))
                .update() == 1;
    }

    void finish(long id, JobState state, String failureKind, String failureMessage) {
        jdbc.sql("""
                        update evaluation_job
                        set state = :state, failure_kind = :kind, failure_message = :message, finished_at = now(),
                            lease_expires_at = null, progress = null
                        where id = :id""")
                .param("id", id).param("state", state.name()).param("kind", failureKind)
                .param("message", failureMessage).update();
    }

    /** Back to the queue after its worker was lost; the old token can no longer report. */
    void requeue(long id, String failureKind, String failureMessage) {
        jdbc.sql("""
                        update evaluation_job
                        set state = 'QUEUED', failure_kind = :kind, failure_message = :message, lease_owner = null,
                            lease_token = null, lease_expires_at = null, leased_at = null, progress = null
                        where id = :id""")
                .param("id", id).param("kind", failureKind).param("message", failureMessage).update();
    }

    /** Leased jobs whose lease ran out, or that ran past the time limit. */
    List<Job> overdue(Duration timeout) {
        return jdbc.sql("""
                        select * from evaluation_job
                        where state = 'LEASED'
                          and (lease_expires_at < now() or leased_at < now() - make_interval(secs => :timeout))
                        order by id""")
                .param("timeout", timeout.toMillis() / 1000.0).query(mapper).list();
    }

    List<Job> leasedBy(String workerId) {
        return jdbc.sql("select * from evaluation_job where state = 'LEASED' and lease_owner = :w order by id")
                .param("w", workerId).query(mapper).list();
    }

    /** Cancels a campaign's unfinished jobs; leased ones learn it at their next heartbeat. */
    public int cancelCampaign(long campaignId) {
        return jdbc.sql("""
                        update evaluation_job
                        set state = 'CANCELLED', failure_kind = 'CANCELLED', failure_message = 'the campaign was cancelled',
                            finished_at = now(), lease_expires_at = null
                        where campaign_id = :c and state in ('QUEUED', 'LEASED')""")
                .param("c", campaignId).update();
    }

    public int countQueued(long campaignId) {
        return jdbc.sql("select count(*) from evaluation_job where campaign_id = :c and state = 'QUEUED'")
                .param("c", campaignId).query(Integer.class).single();
    }

    /** Jobs of a campaign not finished yet, on its discovery task or on its held-out tasks. */
    public int countUnfinished(long campaignId, boolean heldOut) {
        return jdbc.sql("""
                        select count(*) from evaluation_job
                        where campaign_id = :c and held_out = :h and state in ('QUEUED', 'LEASED')""")
                .param("c", campaignId).param("h", heldOut).query(Integer.class).single();
    }

    public List<Job> forCandidate(long candidateId) {
        return jdbc.sql("select * from evaluation_job where candidate_id = :c order by held_out, task, seed")
                .param("c", candidateId).query(mapper).list();
    }

    /** Jobs by state over all campaigns. */
    public Map<String, Long> countsByState() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("select state, count(*) as n from evaluation_job group by state")
                .query(rs -> {
                    counts.put(rs.getString("state"), rs.getLong("n"));
                });
        return counts;
    }

    /** Failed jobs by failure kind over all campaigns. */
    public Map<String, Long> failuresByKind() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("select failure_kind, count(*) as n from evaluation_job where state = 'FAILED' group by failure_kind")
                .query(rs -> {
                    counts.put(rs.getString("failure_kind"), rs.getLong("n"));
                });
        return counts;
    }

    private Job map(ResultSet rs, int row) throws SQLException {
        return new Job(
                rs.getLong("id"),
                rs.getLong("campaign_id"),
                rs.getLong("candidate_id"),
                rs.getString("task"),
                json.readObject(rs.getString("task_config")),
                rs.getBoolean("held_out"),
                rs.getLong("seed"),
                rs.getInt("priority"),
                JobState.valueOf(rs.getString("state")),
                rs.getInt("attempts"),
                rs.getInt("max_attempts"),
                rs.getString("lease_owner"),
                rs.getObject("lease_token", UUID.class),
                instant(rs, "lease_expires_at"),
                instant(rs, "leased_at"),
                rs.getString("failure_kind"),
                rs.getString("failure_message"),
                instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
