package dev.lossforge.service.mainjob;

import dev.lossforge.service.support.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the service in the middle of a campaign, with results stored and jobs leased by its
 * local workers, then the same jar started again on the same home: the campaign resumes and
 * completes with no candidate or result lost or stored twice. The database is read directly, over
 * JDBC, on the embedded server's port (set here, so that the second start must free it from the
 * orphaned server first).
 */
class ServiceKillIT {

    private static final int SEEDS = 3;
    private static final int MAX_CANDIDATES = 2;
    private static final List<String> BASELINES = List.of("dpo", "ipo", "hinge");

    @TempDir
    Path temp;

    private final List<ServiceProcess> services = new ArrayList<>();
    private Connection db;

    /** Rows as they stand, to compare before the kill and after the campaign completes. */
    private record Snapshot(Map<Long, String> candidates, Map<Long, String> results, Map<Long, Integer> leased,
                            Map<Long, String> leaseOwners) {
    }

    @AfterEach
    void cleanUp() throws SQLException {
        if (db != null) {
            db.close();
        }
        services.forEach(ServiceProcess::close);
        Leftovers.end(temp);
    }

    @Test
    void aCampaignResumesAfterKill9OfTheServiceWithNothingLostOrCountedTwice() throws Exception {
        Path home = temp.resolve("home");
        int port = ServiceProcess.freePort();
        int databasePort = ServiceProcess.freePort();
        List<String> args = List.of(
                "--lossforge.database.embedded-port=" + databasePort,
                "--lossforge.workers.local=2",
                "--lossforge.workers.jvm-options=-Xmx512m,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1",
                // far beyond the test: a lease of a killed worker can only end by being released
                "--lossforge.jobs.lease-duration=10m");
        // PyTorch's natives are unpacked where the tests' JVMs keep them, not once more per test
        Map<String, String> env = Map.of("DJL_CACHE_DIR",
                Path.of(System.getProperty("user.home"), ".djl.ai").toString());

        ServiceProcess first = start(home, port, args, env, "kill9-first");
        Api api = new Api(port);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", "kill -9");
        request.put("task", "bandit:noisy-20");
        request.put("taskConfig", Map.of("steps", 200, "evalEvery", 0));
        request.put("seeds", List.of(1, 2, 3));
        request.put("baselines", BASELINES.subList(1, BASELINES.size()));
        request.put("proposer", "baselines");
        request.put("maxCandidates", MAX_CANDIDATES);
        Api.Response created = api.post("/api/campaigns", request);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        long id = created.body().get("id").asLong();

        db = connect(databasePort);
        // mid-campaign: some results stored, both workers holding a job
        await("results stored and jobs leased").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    assertAlive(first);
                    return count("select count(*) from evaluation_result where campaign_id = ?", id) >= 3
                            && count("select count(*) from evaluation_job where campaign_id = ? and state = 'LEASED'",
                            id) >= 2;
                });
        List<ProcessHandle> workers = first.workerProcesses();
        assertThat(workers).as("the two local workers").hasSize(2);
        long postmaster = postmasterPid(home);

        first.kill9();

        // the local workers watch the service and exit on their own; the database server is left running
        await("the killed service's workers to exit").atMost(Duration.ofMinutes(1))
                .until(() -> workers.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).as("the orphaned PostgreSQL")
                .contains(true);
        Snapshot before = snapshot(id);
        assertThat(count("select count(*) from campaign where id = ? and status = 'RUNNING'", id)).isEqualTo(1);
        db.close();
        assertThat(before.leased()).as("jobs leased when the service died").isNotEmpty();
        assertThat(before.results()).as("results stored when the service died").isNotEmpty();

        ServiceProcess second = start(home, port, args, env, "kill9-second");
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).as("the orphan, after the restart")
                .isNotEqualTo(Optional.of(true));
        assertThat(second.log()).contains("Stopping PostgreSQL process " + postmaster + " left running on "
                + home.resolve(".lossforge").resolve("pgdata"));
        db = connect(databasePort);

        await("the campaign to complete after the restart").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    assertAlive(second);
                    String status = api.get("/api/campaigns/" + id).body().get("status").asString();
                    assertThat(status).as("%s", api.get("/api/campaigns/" + id).raw()).isIn("RUNNING", "COMPLETED");
                    return status.equals("COMPLETED");
                });

        Snapshot after = snapshot(id);
        int candidates = BASELINES.size() + MAX_CANDIDATES;
        int jobs = candidates * SEEDS;
        // nothing lost: every candidate and every result of before the kill is there, unchanged
        assertThat(after.candidates()).containsAllEntriesOf(before.candidates());
        assertThat(after.results()).containsAllEntriesOf(before.results());
        // nothing twice: exactly the candidates and jobs the campaign asked for, one result per job
        assertThat(after.candidates()).hasSize(candidates);
        assertThat(new HashSet<>(after.candidates().values())).as("names").hasSize(candidates)
                .containsAll(BASELINES);
        assertThat(count("select count(*) from candidate where campaign_id = ? and status = 'EVALUATED'", id))
                .isEqualTo(candidates);
        assertThat(count("select proposed_count from campaign where id = ?", id)).isEqualTo(MAX_CANDIDATES);
        assertThat(count("select count(*) from evaluation_job where campaign_id = ?", id)).isEqualTo(jobs);
        assertThat(count("select count(*) from evaluation_job where campaign_id = ? and state = 'SUCCEEDED'", id))
                .isEqualTo(jobs);
        assertThat(count("select count(distinct (candidate_id, task, seed)) from evaluation_job where campaign_id = ?",
                id)).isEqualTo(jobs);
        assertThat(after.results()).hasSize(jobs);
        assertThat(count("select count(distinct job_id) from evaluation_result where campaign_id = ?", id))
                .isEqualTo(jobs);
        assertThat(count("""
                select count(*) from evaluation_job j join evaluation_result r on r.job_id = j.id
                where j.campaign_id = ? and r.lease_token = j.lease_token and r.status = 'COMPLETED'""", id))
                .as("each result came from its job's last lease").isEqualTo(jobs);
        assertThat(count("""
                select count(*) from campaign_event
                where campaign_id = ? and type = 'campaign.status' and payload ->> 'status' = 'COMPLETED'""", id))
                .isEqualTo(1);

        // the jobs the dead workers held were released when the service came back, and leased once more
        for (Map.Entry<Long, Integer> leased : before.leased().entrySet()) {
            long job = leased.getKey();
            assertThat(count("""
                    select count(*) from campaign_event
                    where campaign_id = ? and type = 'job.retried' and job_id = %d
                      and payload ->> 'message' like '%% was a local worker of an earlier run of this service'"""
                    .formatted(job), id)).as("job %d, leased by %s", job, before.leaseOwners().get(job)).isEqualTo(1);
            assertThat(count("select attempts from evaluation_job where campaign_id = ? and id = " + job, id))
                    .as("attempts of job %d", job).isEqualTo(leased.getValue() + 1);
        }

        db.close();
        db = null;
        second.stop();
        await("no process of either run left").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Leftovers.of(temp)).as("%s", Leftovers.describe(Leftovers.of(temp)))
                        .isEmpty());
    }

    private ServiceProcess start(Path home, int port, List<String> args, Map<String, String> env, String log) {
        // C1 only: the service starts sooner, and this test is about its state, not its speed
        ServiceProcess service = ServiceProcess.start(home, ServiceProcess.serviceJar().toString(), port,
                List.of("-XX:TieredStopAtLevel=1"), args, env, log);
        services.add(service);
        return service.awaitReady();
    }

    private Snapshot snapshot(long campaignId) throws SQLException {
        Map<Long, String> candidates = new LinkedHashMap<>();
        query("select id, name from candidate where campaign_id = ? order by id", campaignId,
                rs -> candidates.put(rs.getLong(1), rs.getString(2)));
        Map<Long, String> results = new LinkedHashMap<>();
        query("""
                select id, job_id, status, fitness, lease_token, worker_id from evaluation_result
                where campaign_id = ? order by id""", campaignId,
                rs -> results.put(rs.getLong(1), rs.getLong(2) + " " + rs.getString(3) + " " + rs.getDouble(4)
                        + " " + rs.getString(5) + " " + rs.getString(6)));
        Map<Long, Integer> leased = new LinkedHashMap<>();
        Map<Long, String> owners = new LinkedHashMap<>();
        query("select id, attempts, lease_owner from evaluation_job where campaign_id = ? and state = 'LEASED'",
                campaignId, rs -> {
                    leased.put(rs.getLong(1), rs.getInt(2));
                    owners.put(rs.getLong(1), rs.getString(3));
                });
        return new Snapshot(candidates, results, leased, owners);
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, long campaignId, Row row) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 1; i <= statement.getParameterMetaData().getParameterCount(); i++) {
                statement.setLong(i, campaignId);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        }
    }

    private long count(String sql, long campaignId) throws SQLException {
        long[] n = {-1};
        query(sql, campaignId, rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/lossforge", "postgres", "");
    }

    private static long postmasterPid(Path home) throws Exception {
        List<String> lines = Files.readAllLines(home.resolve(".lossforge/pgdata/postmaster.pid"), StandardCharsets.UTF_8);
        return Long.parseLong(lines.get(0).trim());
    }

    private static void assertAlive(ServiceProcess service) {
        if (!service.isAlive()) {
            throw new AssertionError("the service exited:\n" + service.logTail());
        }
    }
}
