package dev.lossforge.service.job;

import dev.lossforge.service.support.Api;
import dev.lossforge.service.support.Fixtures;
import dev.lossforge.service.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker protocol over real HTTP against a real Postgres, with jobs written straight into the tables. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lossforge.workers.local=0",
        "lossforge.workers.token=secret-token",
        "lossforge.jobs.lease-duration=2s",
        "lossforge.jobs.heartbeat-interval=500ms",
        "lossforge.jobs.max-attempts=2",
        "lossforge.jobs.reaper-interval=200ms",
        "lossforge.jobs.long-poll=3s",
        "lossforge.campaigns.driver-interval=200ms"})
class WorkerProtocolTest {

    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer secret-token");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;
    Fixtures fixtures;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        fixtures = new Fixtures(jdbc);
        fixtures.cancelEverything();
    }

    @Test
    void aWrongOrMissingTokenIsRefusedAndLeasesNothing() {
        long campaign = fixtures.campaign("tokens", List.of(1L));
        fixtures.evaluatedDpo(campaign);
        fixtures.candidateWithJobs(campaign, "x", false, List.of(1L), 0, 2);
        fixtures.start(campaign);

        Api.Response missing = api.post("/api/worker/lease", lease("w1", 0));
        Api.Response wrong = api.post("/api/worker/lease", lease("w1", 0), Map.of("Authorization", "Bearer nope"));

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body().get("detail").asString()).contains("Authorization: Bearer");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().get("detail").asString()).isEqualTo("wrong worker token");
        assertThat(jdbc.sql("select count(*) from evaluation_job where campaign_id = :c and state = 'QUEUED'")
                .param("c", campaign).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void anEmptyQueueAnswers204AfterTheLongPoll() {
        long start = System.nanoTime();
        Api.Response response = api.post("/api/worker/lease", lease("idle", 1), AUTH);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(response.status()).isEqualTo(204);
        assertThat(seconds).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void aWaitingLeaseGetsAJobQueuedWhileItWaits() throws Exception {
        long campaign = fixtures.campaign("wake", List.of(5L));
        fixtures.evaluatedDpo(campaign);
        fixtures.candidateWithJobs(campaign, "late", false, List.of(5L), 0, 2);
        Thread starter = new Thread(() -> {
            sleep(700);
            fixtures.start(campaign);
        });
        starter.start();

        Api.Response response = api.post("/api/worker/lease", lease("waiter", 3), AUTH);
        starter.join();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("candidateName").asString()).isEqualTo("late");
        assertThat(response.body().get("seed").asLong()).isEqualTo(5);
    }

    @Test
    void resultsAggregateIntoFitnessAndPairedDifferenceAgainstDpo() {
        long campaign = fixtures.campaign("scores", List.of(1L, 2L, 3L));
        long dpo = fixtures.candidateWithJobs(campaign, "dpo", true, List.of(1L, 2L, 3L), 100, 2);
        long x = fixtures.candidateWithJobs(campaign, "x", false, List.of(1L, 2L, 3L), 0, 2);
        fixtures.start(campaign);

        // DPO's jobs come first (priority); lease all six, then report x before DPO
        List<JsonNode> leases = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Api.Response r = api.post("/api/worker/lease", lease("w-" + i, 0), AUTH);
            assertThat(r.status()).isEqualTo(200);
            leases.add(r.body());
        }
        assertThat(leases.subList(0, 3)).allMatch(l -> l.get("candidateId").asLong() == dpo);
        Map<Long, Double> xFitness = Map.of(1L, 1.0, 2L, 2.0, 3L, 4.0);
        for (JsonNode l : leases.subList(3, 6)) {
            Api.Response r = api.post("/api/worker/jobs/" + l.get("jobId").asLong() + "/result",
                    result("w", l, xFitness.get(l.get("seed").asLong())), AUTH);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().get("recorded").asBoolean()).isTrue();
        }
        for (JsonNode l : leases.subList(0, 3)) {
            api.post("/api/worker/jobs/" + l.get("jobId").asLong() + "/result", result("w", l, 1.0), AUTH);
        }

        JsonNode board = api.get("/api/campaigns/" + campaign + "/leaderboard").body();
        JsonNode first = board.get("entries").get(0);
        assertThat(first.get("candidateId").asLong()).isEqualTo(x);
        assertThat(first.get("status").asString()).isEqualTo("EVALUATED");
        // by hand: values 1, 2, 4: mean 7/3, s = sqrt(7/3), t(0.975, 2) = 4.302653
        double mean = 7.0 / 3;
        double half = 4.302653 * Math.sqrt(7.0 / 3) / Math.sqrt(3);
        JsonNode fitness = first.get("fitness");
        assertThat(fitness.get("mean").asDouble()).isCloseTo(mean, within(1e-9));
        assertThat(fitness.get("ciLow").asDouble()).isCloseTo(mean - half, within(1e-5));
        assertThat(fitness.get("ciHigh").asDouble()).isCloseTo(mean + half, within(1e-5));
        assertThat(fitness.get("perSeed").get("3").asDouble()).isEqualTo(4.0);
        // differences 0, 1, 3 against DPO's 1, 1, 1: mean 4/3, s = sqrt(7/3); df 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2))
        double t = (4.0 / 3) / (Math.sqrt(7.0 / 3) / Math.sqrt(3));
        double p = 2 * (1 - (0.5 + t / (2 * Math.sqrt(2 + t * t))));
        JsonNode delta = first.get("vsDpo");
        assertThat(delta.get("meanDifference").asDouble()).isCloseTo(4.0 / 3, within(1e-9));
        assertThat(delta.get("pValue").asDouble()).isCloseTo(p, within(1e-6));
        assertThat(delta.get("n").asInt()).isEqualTo(3);
        JsonNode second = board.get("entries").get(1);
        assertThat(second.get("candidateId").asLong()).isEqualTo(dpo);
        assertThat(second.get("vsDpo").get("meanDifference").asDouble()).isEqualTo(0.0);
        assertThat(jdbc.sql("select count(*) from evaluation_result where campaign_id = :c").param("c", campaign)
                .query(Integer.class).single()).isEqualTo(6);
        await().atMost(Duration.ofSeconds(10)).until(() -> "COMPLETED".equals(
                api.get("/api/campaigns/" + campaign).body().get("status").asString()));
    }

    @Test
    void aRepeatedReportIsIgnoredAndAReportForALeaseNotHeldIsRefused() {
        long campaign = fixtures.campaign("idempotent", List.of(7L, 8L));
        fixtures.evaluatedDpo(campaign);
        fixtures.candidateWithJobs(campaign, "x", false, List.of(7L, 8L), 0, 2);
        fixtures.start(campaign);
        JsonNode held = api.post("/api/worker/lease", lease("holder", 0), AUTH).body();
        JsonNode other = api.post("/api/worker/lease", lease("other", 0), AUTH).body();
        long jobId = held.get("jobId").asLong();

        Api.Response first = api.post("/api/worker/jobs/" + jobId + "/result", result("holder", held, 0.5), AUTH);
        Api.Response again = api.post("/api/worker/jobs/" + jobId + "/result", result("holder", held, 0.9), AUTH);
        Map<String, Object> stolen = new LinkedHashMap<>(result("other", other, 0.7));
        Api.Response notHeld = api.post("/api/worker/jobs/" + jobId + "/result", stolen, AUTH);
        Api.Response unknown = api.post("/api/worker/jobs/999999/result", result("holder", held, 0.5), AUTH);

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("recorded").asBoolean()).isFalse();
        assertThat(again.body().get("message").asString()).contains("already has its report");
        assertThat(notHeld.status()).isEqualTo(409);
        assertThat(notHeld.body().get("detail").asString()).contains("is not leased to worker other");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(jdbc.sql("select fitness from evaluation_result where job_id = :j").param("j", jobId)
                .query(Double.class).list()).containsExactly(0.5);
    }

    @Test
    void aSilentWorkersJobIsRetriedElsewhereThenFailsAsCrashed() {
        long campaign = fixtures.campaign("expiry", List.of(9L));
        fixtures.evaluatedDpo(campaign);
        long x = fixtures.candidateWithJobs(campaign, "x", false, List.of(9L), 0, 2);
        fixtures.start(campaign);

        JsonNode first = api.post("/api/worker/lease", lease("silent-1", 0), AUTH).body();
        long jobId = first.get("jobId").asLong();
        assertThat(first.get("attempt").asInt()).isEqualTo(1);
        // a heartbeat renews the lease; then silence lets it expire (lease 2 s)
        Api.Response beat = api.post("/api/worker/jobs/" + jobId + "/heartbeat", heartbeat("silent-1", first), AUTH);
        assertThat(beat.status()).isEqualTo(200);
        assertThat(beat.body().get("cancel").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> "QUEUED".equals(jobState(jobId)));
        assertThat(jdbc.sql("select failure_kind from evaluation_job where id = :j").param("j", jobId)
                .query(String.class).single()).isEqualTo("CRASHED");

        Api.Response late = api.post("/api/worker/jobs/" + jobId + "/result", result("silent-1", first, 0.3), AUTH);
        assertThat(late.status()).isEqualTo(409);
        Api.Response lateBeat = api.post("/api/worker/jobs/" + jobId + "/heartbeat", heartbeat("silent-1", first), AUTH);
        assertThat(lateBeat.status()).isEqualTo(409);

        JsonNode second = api.post("/api/worker/lease", lease("silent-2", 0), AUTH).body();
        assertThat(second.get("jobId").asLong()).isEqualTo(jobId);
        assertThat(second.get("attempt").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(jobState(jobId)));

        JsonNode candidate = api.get("/api/candidates/" + x).body();
        assertThat(candidate.get("status").asString()).isEqualTo("FAILED");
        assertThat(candidate.get("error").get("kind").asString()).isEqualTo("CRASHED");
        assertThat(candidate.get("runs").get(0).get("attempts").asInt()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from evaluation_result where job_id = :j").param("j", jobId)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void aFailureReportIsClassifiedAndACancelledCampaignStopsItsWorker() {
        long campaign = fixtures.campaign("failures", List.of(11L, 12L));
        fixtures.evaluatedDpo(campaign);
        long x = fixtures.candidateWithJobs(campaign, "x", false, List.of(11L, 12L), 0, 2);
        fixtures.start(campaign);
        JsonNode a = api.post("/api/worker/lease", lease("fa", 0), AUTH).body();
        JsonNode b = api.post("/api/worker/lease", lease("fb", 0), AUTH).body();

        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("workerId", "fa");
        failure.put("leaseToken", a.get("leaseToken").asString());
        failure.put("kind", "DIVERGED");
        failure.put("message", "loss became NaN at step 12");
        Api.Response reported = api.post("/api/worker/jobs/" + a.get("jobId").asLong() + "/failure", failure, AUTH);
        assertThat(reported.status()).isEqualTo(200);
        assertThat(jdbc.sql("select failure_kind from evaluation_job where id = :j").param("j", a.get("jobId").asLong())
                .query(String.class).single()).isEqualTo("DIVERGED");

        assertThat(api.post("/api/campaigns/" + campaign + "/cancel", "").status()).isEqualTo(200);
        Api.Response beat = api.post("/api/worker/jobs/" + b.get("jobId").asLong() + "/heartbeat", heartbeat("fb", b), AUTH);
        assertThat(beat.status()).isEqualTo(200);
        assertThat(beat.body().get("cancel").asBoolean()).isTrue();
        Api.Response afterCancel = api.post("/api/worker/jobs/" + b.get("jobId").asLong() + "/result", result("fb", b, 1.0), AUTH);
        assertThat(afterCancel.body().get("recorded").asBoolean()).isFalse();
        assertThat(api.get("/api/candidates/" + x).body().get("status").asString()).isEqualTo("CANCELLED");
    }

    private static Map<String, Object> lease(String worker, int wait) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("workerId", worker);
        request.put("name", worker);
        request.put("host", "test");
        request.put("device", "cpu()");
        request.put("waitSeconds", wait);
        return request;
    }

    private static Map<String, Object> result(String worker, JsonNode lease, double fitness) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("workerId", worker);
        result.put("leaseToken", lease.get("leaseToken").asString());
        result.put("outcome", "COMPLETED");
        result.put("fitness", fitness);
        result.put("metrics", Map.of("trueRewardGain", fitness));
        result.put("trainingCurve", List.of(Map.of("step", 1, "loss", 0.69, "gradientNorm", 0.1)));
        result.put("evaluations", List.of());
        result.put("wallSeconds", 0.1);
        return result;
    }

    private static Map<String, Object> heartbeat(String worker, JsonNode lease) {
        Map<String, Object> beat = new LinkedHashMap<>();
        beat.put("workerId", worker);
        beat.put("leaseToken", lease.get("leaseToken").asString());
        beat.put("phase", "train");
        beat.put("step", 3);
        beat.put("totalSteps", 10);
        beat.put("loss", 0.5);
        beat.put("stepsPerSecond", 100.0);
        return beat;
    }

    private String jobState(long jobId) {
        return jdbc.sql("select state from evaluation_job where id = :j").param("j", jobId).query(String.class).single();
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
