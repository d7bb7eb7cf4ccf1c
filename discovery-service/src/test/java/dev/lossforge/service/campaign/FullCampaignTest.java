package dev.lossforge.service.campaign;

import dev.lossforge.service.support.Api;
import dev.lossforge.service.support.SseClient;
import dev.lossforge.service.support.TestDatabase;
import dev.lossforge.service.worker.LocalWorkers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

/**
 * A whole bandit campaign through the HTTP API, against a real Postgres and two real child-process
 * workers, one of which is killed (SIGKILL) in the middle of a job.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lossforge.workers.local=2",
        "lossforge.workers.jvm-options=-Xmx512m,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1,-Dai.djl.pytorch.num_threads=1",
        "lossforge.jobs.lease-duration=5s",
        "lossforge.jobs.heartbeat-interval=200ms",
        "lossforge.jobs.reaper-interval=300ms",
        "lossforge.campaigns.driver-interval=200ms"})
class FullCampaignTest {

    /** Well under a second per run. */
    static final Map<String, Object> TINY = Map.of("steps", 25, "contexts", 32, "evalContexts", 32, "evalEvery", 0);
    /** A few seconds per run even on a quiet machine: long enough to kill a worker in the middle of one. */
    static final Map<String, Object> SHORT = Map.of("steps", 600, "contexts", 32, "evalContexts", 32, "evalEvery", 0);

    static final String DPO_AS_SOFTPLUS = """
            import ai.djl.ndarray.NDArray;
            import dev.lossforge.loss.Ops;
            import dev.lossforge.loss.PreferenceBatch;
            import dev.lossforge.loss.PreferenceLoss;

            /** DPO written another way: softplus(-beta * rho) is -log sigmoid(beta * rho). */
            public class SoftplusDpo implements PreferenceLoss {
                public NDArray compute(PreferenceBatch batch) {
                    NDArray rho = Ops.logRatioDifference(batch);
                    return Ops.softplus(rho.mul(-batch.beta()));
                }
            }
            """;

    static final String DOES_NOT_COMPILE = """
            import ai.djl.ndarray.NDArray;
            import dev.lossforge.loss.PreferenceBatch;
            import dev.lossforge.loss.PreferenceLoss;

            public class Broken implements PreferenceLoss {
                public NDArray compute(PreferenceBatch batch) {
                    return batch.policyChosenLogps().frobnicate();
                }
            }
            """;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LocalWorkers localWorkers;

    @Test
    void aBanditCampaignRunsToTheEndThroughTheApiWithAWorkerKilledMidJob() {
        Api api = new Api(port);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", "full");
        request.put("task", "bandit:noisy-40");
        request.put("taskConfig", SHORT);
        request.put("seeds", List.of(1, 2));
        request.put("baselines", List.of("ipo"));
        request.put("maxCandidates", 2);
        request.put("heldOutTasks", List.of(Map.of("task", "bandit:clean", "taskConfig", TINY)));
        request.put("heldOutTop", 1);
        Api.Response created = api.post("/api/campaigns", request);
        assertThat(created.status()).isEqualTo(201);
        long id = created.body().get("id").asLong();
        assertThat(created.header("Location")).isEqualTo("/api/campaigns/" + id);
        assertThat(created.body().get("baselines").toString()).isEqualTo("[\"dpo\",\"ipo\"]");
        assertThat(created.body().get("beta").asDouble()).isEqualTo(0.1);

        try (SseClient live = new SseClient(api.base() + "/api/campaigns/" + id + "/events", null)) {
            // a user's loss while the campaign is paused: DPO in other words is a duplicate, a broken one is rejected
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    api.get("/api/campaigns/" + id).body().get("status").asString().equals("RUNNING"));
            long dpoId = awaitCandidate(api, id, "dpo");
            assertThat(api.post("/api/campaigns/" + id + "/pause", "").body().get("status").asString())
                    .isEqualTo("PAUSED");
            Api.Response duplicate = api.post("/api/campaigns/" + id + "/candidates",
                    Map.of("name", "softplus-dpo", "hypothesis", "same as DPO", "code", DPO_AS_SOFTPLUS));
            assertThat(duplicate.status()).isEqualTo(201);
            assertThat(duplicate.body().get("status").asString()).isEqualTo("DUPLICATE");
            assertThat(duplicate.body().get("duplicateOf").asLong()).isEqualTo(dpoId);
            Api.Response broken = api.post("/api/campaigns/" + id + "/candidates",
                    Map.of("name", "broken", "code", DOES_NOT_COMPILE));
            assertThat(broken.status()).isEqualTo(422);
            assertThat(broken.body().get("field").asString()).isEqualTo("code");
            assertThat(broken.body().get("line").asInt()).isEqualTo(7);
            assertThat(broken.body().get("column").asInt()).isPositive();
            long brokenId = broken.body().get("candidateId").asLong();
            assertThat(api.get("/api/candidates/" + brokenId).body().get("status").asString()).isEqualTo("INVALID");
            assertThat(api.post("/api/campaigns/" + id + "/resume", "").body().get("status").asString())
                    .isEqualTo("RUNNING");

            // kill the worker holding a job that has reported progress
            long killedJob = killAWorkerMidJob();

            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() ->
                    api.get("/api/campaigns/" + id).body().get("status").asString().equals("COMPLETED"));

            JsonNode campaign = api.get("/api/campaigns/" + id).body();
            assertThat(campaign.get("phase").asString()).isEqualTo("DONE");
            assertThat(campaign.get("budget").get("proposed").asInt()).isEqualTo(2);
            assertThat(campaign.get("candidates").get("EVALUATED").asInt()).isEqualTo(4);
            assertThat(campaign.get("candidates").get("DUPLICATE").asInt()).isEqualTo(1);
            assertThat(campaign.get("candidates").get("INVALID").asInt()).isEqualTo(1);

            // one result per job, the killed one retried
            assertThat(jdbc.sql("select count(*) from evaluation_job where campaign_id = :c").param("c", id)
                    .query(Integer.class).single()).isEqualTo(4 * 2 + 2 * 2);
            assertThat(jdbc.sql("select count(*) from evaluation_job where campaign_id = :c and state = 'SUCCEEDED'")
                    .param("c", id).query(Integer.class).single()).isEqualTo(12);
            assertThat(jdbc.sql("select count(*) from evaluation_result where campaign_id = :c").param("c", id)
                    .query(Integer.class).single()).isEqualTo(12);
            assertThat(jdbc.sql("select attempts from evaluation_job where id = :j").param("j", killedJob)
                    .query(Integer.class).single()).isEqualTo(2);
            assertThat(jdbc.sql("select count(*) from campaign_event where campaign_id = :c and type = 'job.retried' "
                    + "and job_id = :j").param("c", id).param("j", killedJob).query(Integer.class).single()).isEqualTo(1);

            checkLeaderboard(api, id, dpoId);
            checkCandidate(api, dpoId);
            checkHeldOut(id, dpoId);
            checkCurve(api, dpoId);
            checkEvents(api, id, live);
            checkMetrics(api);
        }
    }

    private long awaitCandidate(Api api, long campaignId, String name) {
        long[] found = {0};
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (JsonNode e : api.get("/api/campaigns/" + campaignId + "/leaderboard?limit=100").body().get("entries")) {
                if (e.get("name").asString().equals(name)) {
                    found[0] = e.get("candidateId").asLong();
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Kills (SIGKILL) the worker of a job in the middle of training; returns that job. */
    private long killAWorkerMidJob() {
        for (int attempt = 0; attempt < 5; attempt++) {
            long[] job = {0};
            String[] owner = {null};
            // any leased first attempt will do: a heartbeat with progress may not come before a short
            // run ends on a quiet machine, and whether the kill landed before the result is checked below
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> {
                List<Map<String, Object>> rows = jdbc.sql("""
                                select id, lease_owner from evaluation_job
                                where state = 'LEASED' and attempts = 1""")
                        .query().listOfRows();
                for (Map<String, Object> row : rows) {
                    if (localWorkers.processes().containsKey((String) row.get("lease_owner"))) {
                        job[0] = ((Number) row.get("id")).longValue();
                        owner[0] = (String) row.get("lease_owner");
                        return true;
                    }
                }
                return false;
            });
            Process process = localWorkers.processes().get(owner[0]);
            if (process == null) {
                continue;
            }
            process.destroyForcibly();
            // the kill counts only if the job had not finished just before it
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                            select count(*) from evaluation_job where id = :j and state = 'LEASED' and lease_owner = :w""")
                    .param("j", job[0]).param("w", owner[0]).query(Integer.class).single() == 0);
            boolean finishedFirst = jdbc.sql("""
                            select count(*) from evaluation_job where id = :j and state = 'SUCCEEDED' and attempts = 1""")
                    .param("j", job[0]).query(Integer.class).single() == 1;
            if (!finishedFirst) {
                return job[0];
            }
        }
        throw new AssertionError("no job could be caught in the middle of training");
    }

    private void checkLeaderboard(Api api, long id, long dpoId) {
        JsonNode board = api.get("/api/campaigns/" + id + "/leaderboard?limit=3&offset=0").body();
        assertThat(board.get("total").asInt()).isEqualTo(6);
        assertThat(board.get("task").asString()).isEqualTo("bandit:noisy-40");
        JsonNode page2 = api.get("/api/campaigns/" + id + "/leaderboard?limit=3&offset=3").body();
        List<JsonNode> entries = new ArrayList<>();
        board.get("entries").forEach(entries::add);
        page2.get("entries").forEach(entries::add);
        assertThat(entries).hasSize(6);
        assertThat(entries.stream().map(e -> e.get("rank").asInt()).toList()).containsExactly(1, 2, 3, 4, 5, 6);
        Set<String> names = entries.stream().map(e -> e.get("name").asString()).collect(Collectors.toSet());
        // the baselines proposer adds the library in order after the baseline set: robust-dpo, cdpo
        assertThat(names).containsExactlyInAnyOrder("dpo", "ipo", "robust-dpo", "cdpo", "softplus-dpo", "broken");
        double previous = Double.POSITIVE_INFINITY;
        Map<String, Double> dpoSeeds = null;
        for (JsonNode e : entries.subList(0, 4)) {
            assertThat(e.get("status").asString()).isEqualTo("EVALUATED");
            JsonNode fitness = e.get("fitness");
            double mean = fitness.get("mean").asDouble();
            assertThat(mean).isLessThanOrEqualTo(previous);
            previous = mean;
            double a = fitness.get("perSeed").get("1").asDouble();
            double b = fitness.get("perSeed").get("2").asDouble();
            assertThat(mean).isCloseTo((a + b) / 2, offset(1e-12));
            // two seeds: t(0.975, 1) = 12.7062047; s = |a - b| / sqrt 2; half-width t s / sqrt 2 = t |a - b| / 2
            double half = 12.7062047 * Math.abs(a - b) / 2;
            assertThat(fitness.get("ciHigh").asDouble()).isCloseTo(mean + half, offset(1e-5));
            if (e.get("candidateId").asLong() == dpoId) {
                dpoSeeds = Map.of("1", a, "2", b);
                assertThat(e.get("vsDpo").get("meanDifference").asDouble()).isEqualTo(0.0);
            }
        }
        assertThat(dpoSeeds).isNotNull();
        for (JsonNode e : entries.subList(0, 4)) {
            JsonNode seeds = e.get("fitness").get("perSeed");
            double expected = ((seeds.get("1").asDouble() - dpoSeeds.get("1"))
                    + (seeds.get("2").asDouble() - dpoSeeds.get("2"))) / 2;
            assertThat(e.get("vsDpo").get("meanDifference").asDouble()).isCloseTo(expected, offset(1e-12));
            assertThat(e.get("vsDpo").get("n").asInt()).isEqualTo(2);
        }
        assertThat(entries.get(4).get("fitness").get("mean").isNull()).isTrue();
    }

    private void checkCandidate(Api api, long dpoId) {
        JsonNode dpo = api.get("/api/candidates/" + dpoId).body();
        assertThat(dpo.get("proposer").asString()).isEqualTo("baselines");
        assertThat(dpo.get("baseline").asBoolean()).isTrue();
        assertThat(dpo.get("code").asString()).contains("implements PreferenceLoss");
        assertThat(dpo.get("fingerprint").asString()).hasSize(64);
        List<JsonNode> runs = new ArrayList<>();
        dpo.get("runs").forEach(runs::add);
        // two seeds on the discovery task, two on the held-out task
        assertThat(runs).hasSize(4);
        for (JsonNode run : runs) {
            JsonNode result = run.get("result");
            assertThat(result.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(result.get("fitness").asDouble()).isEqualTo(result.get("metrics").get("trueRewardGain").asDouble());
            assertThat(result.get("trainingCurve").size()).isGreaterThan(0);
        }
        assertThat(dpo.get("scores").size()).isEqualTo(2);
    }

    private void checkHeldOut(long id, long dpoId) {
        List<Long> heldOut = jdbc.sql("""
                        select distinct candidate_id from evaluation_job where campaign_id = :c and held_out
                        order by candidate_id""")
                .param("c", id).query(Long.class).list();
        long best = jdbc.sql("""
                        select id from candidate where campaign_id = :c and not (baseline and name = 'dpo')
                        and fitness_mean is not null order by fitness_mean desc, id limit 1""")
                .param("c", id).query(Long.class).single();
        assertThat(new HashSet<>(heldOut)).containsExactlyInAnyOrder(dpoId, best);
        assertThat(jdbc.sql("select count(*) from candidate_score where campaign_id = :c and task = 'bandit:clean' "
                + "and n = 2 and delta_n = 2").param("c", id).query(Integer.class).single()).isEqualTo(2);
    }

    private void checkCurve(Api api, long dpoId) {
        JsonNode curve = api.get("/api/candidates/" + dpoId + "/curve").body();
        assertThat(curve.get("beta").asDouble()).isEqualTo(0.1);
        JsonNode points = curve.get("points");
        assertThat(points.size()).isEqualTo(201);
        JsonNode zero = points.get(100);
        assertThat(zero.get("rho").asDouble()).isEqualTo(0.0);
        // -log sigmoid(0) = ln 2; its slope in rho is -beta sigmoid(0) = -beta / 2
        assertThat(zero.get("loss").asDouble()).isCloseTo(Math.log(2), offset(1e-9));
        assertThat(zero.get("dLossDRho").asDouble()).isCloseTo(-0.05, offset(1e-9));
    }

    private void checkEvents(Api api, long id, SseClient live) {
        await().atMost(Duration.ofSeconds(10)).until(() -> live.events().stream()
                .anyMatch(e -> e.type().equals("campaign.status") && e.data().get("payload").get("status")
                        .asString().equals("COMPLETED")));
        List<SseClient.Event> events = live.events();
        Set<String> types = events.stream().map(SseClient.Event::type).collect(Collectors.toSet());
        assertThat(types).contains("campaign.created", "campaign.status", "campaign.phase", "candidate.proposed",
                "candidate.validated", "candidate.started", "candidate.progress", "candidate.finished",
                "job.finished", "job.retried");
        List<Long> ids = events.stream().map(SseClient.Event::id).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        long stored = jdbc.sql("select count(*) from campaign_event where campaign_id = :c").param("c", id)
                .query(Long.class).single();
        assertThat(events).hasSize((int) stored);

        // resuming after the fifth event replays exactly the ones after it
        long resumeAfter = ids.get(4);
        try (SseClient resumed = new SseClient(api.base() + "/api/campaigns/" + id + "/events", resumeAfter)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> resumed.events().size() == ids.size() - 5);
            assertThat(resumed.events().stream().map(SseClient.Event::id).toList()).isEqualTo(ids.subList(5, ids.size()));
        }
    }

    private void checkMetrics(Api api) {
        await().atMost(Duration.ofSeconds(15)).until(() ->
                api.get("/actuator/prometheus").raw().contains("lossforge_jobs{state=\"finished\"} 12.0"));
        String metrics = api.get("/actuator/prometheus").raw();
        assertThat(metrics).contains("lossforge_jobs{state=\"queued\"} 0.0");
        assertThat(metrics).contains("lossforge_jobs_failed{reason=\"CRASHED\"} 0.0");
        assertThat(metrics).containsPattern("lossforge_workers [1-9]");
    }
}
