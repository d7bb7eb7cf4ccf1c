package dev.lossforge.service.worker;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** The worker table: who asked for work lately, and what it holds. */
@Repository
public class WorkerRegistry {

    /** A worker as listed by the API. */
    public record WorkerView(String id, String name, String host, String device, boolean local,
                             Instant firstSeenAt, Instant lastSeenAt, Long currentJobId, long jobsFinished) {
    }

    /** Lease requests come every few seconds per worker: its row is refreshed at most this often. */
    private static final long SEEN_REFRESH_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private final JdbcClient jdbc;
    private final WorkerProperties properties;
    private final java.util.Map<String, Long> lastSeen = new java.util.concurrent.ConcurrentHashMap<>();

    public WorkerRegistry(JdbcClient jdbc, WorkerProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public void seen(String id, String name, String host, String device, boolean local) {
        long now = System.nanoTime();
        Long last = lastSeen.get(id);
        if (last != null && now - last < SEEN_REFRESH_NANOS) {
            return;
        }
        lastSeen.put(id, now);
        jdbc.sql("""
                        insert into worker (id, name, host, device, local) values (:id, :name, :host, :device, :local)
                        on conflict (id) do update set name = excluded.name, host = excluded.host,
                            device = excluded.device, local = excluded.local, last_seen_at = now()""")
                .param("id", id).param("name", name).param("host", host).param("device", device).param("local", local)
                .update();
    }

    public void touch(String id) {
        jdbc.sql("update worker set last_seen_at = now() where id = :id").param("id", id).update();
    }

    /** A worker known to be gone stops counting as active at once. */
    public void gone(String id) {
        lastSeen.remove(id);
        jdbc.sql("update worker set last_seen_at = now() - interval '1 day' where id = :id")
                .param("id", id).update();
    }

    /** Local workers that hold a job: at start-up, those of an earlier run of the service, all dead. */
    public List<String> localWorkersHoldingJobs() {
        return jdbc.sql("""
                        select distinct lease_owner from evaluation_job j join worker w on w.id = j.lease_owner
                        where j.state = 'LEASED' and w.local""")
                .query(String.class).list();
    }

    /** Workers seen within lossforge.workers.active-window. */
    public int activeCount() {
        return jdbc.sql("select count(*) from worker where last_seen_at > now() - make_interval(secs => :s)")
                .param("s", properties.activeWindow().toMillis() / 1000.0).query(Integer.class).single();
    }

    public List<WorkerView> active() {
        return jdbc.sql("""
                        select w.*,
                            (select min(j.id) from evaluation_job j where j.state = 'LEASED' and j.lease_owner = w.id)
                                as current_job_id,
                            (select count(*) from evaluation_result r where r.worker_id = w.id) as jobs_finished
                        from worker w where last_seen_at > now() - make_interval(secs => :s) order by name, id""")
                .param("s", properties.activeWindow().toMillis() / 1000.0)
                .query((rs, n) -> new WorkerView(rs.getString("id"), rs.getString("name"), rs.getString("host"),
                        rs.getString("device"), rs.getBoolean("local"),
                        rs.getObject("first_seen_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("last_seen_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("current_job_id", Long.class), rs.getLong("jobs_finished")))
                .list();
    }
}
