package dev.lossforge.service.campaign;

import dev.lossforge.service.proposer.ProposerRegistry;
import dev.lossforge.service.support.Api;
import dev.lossforge.service.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad requests get the right 4xx, a problem body naming the field at fault, and store nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lossforge.workers.local=0",
        "lossforge.workers.token=the-token"})
class BadRequestsTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ProposerRegistry proposers;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void campaignRequestsWithBadFieldsAre422AndStoreNothing() {
        rejected(r -> r.put("task", "no-such-task"), 422, "task", "unknown task 'no-such-task'");
        rejected(r -> r.put("task", "bandit:no-such-variant"), 422, "task", "has no variant 'no-such-variant'");
        rejected(r -> r.put("task", null), 422, "task", "task is required");
        rejected(r -> r.put("taskConfig", Map.of("stepz", 3)), 422, "taskConfig.stepz", "unknown setting 'stepz'");
        rejected(r -> r.put("taskConfig", Map.of("steps", "many")), 422, "taskConfig.steps", "must be a whole number");
        rejected(r -> r.put("maxCandidates", -1), 422, "maxCandidates", "maxCandidates must be 0..10000");
        rejected(r -> r.put("maxCandidates", 1_000_000_000L), 422, "maxCandidates", "got 1000000000");
        rejected(r -> r.put("seeds", List.of()), 422, "seeds", "at least one seed");
        rejected(r -> r.put("seeds", List.of(1, 1)), 422, "seeds[1]", "listed twice");
        rejected(r -> r.put("seeds", List.of(-3)), 422, "seeds[0]", "at least 0");
        rejected(r -> r.put("seeds", java.util.stream.LongStream.range(0, 17).boxed().toList()), 422, "seeds",
                "at most 16 seeds");
        rejected(r -> r.put("beta", -0.5), 422, "beta", "beta must be a number in (0, 100]");
        rejected(r -> r.put("beta", 1e9), 422, "beta", "beta must be a number in (0, 100]");
        rejected(r -> r.put("baselines", List.of("dpo", "nonsense")), 422, "baselines[1]", "unknown built-in loss");
        rejected(r -> r.put("proposer", "magic"), 422, "proposer", "unknown proposer 'magic'");
        rejected(r -> r.put("name", " "), 422, "name", "name is required");
        rejected(r -> r.put("heldOutTasks", List.of("bandit:clean", "bandit:oops")), 422, "heldOutTasks[1].task",
                "has no variant 'oops'");
        rejected(r -> r.put("heldOutTasks", List.of("bandit:noisy-40")), 422, "heldOutTasks[0].task",
                "already the discovery task");
        for (String name : List.of("evolution", "llm")) {
            if (!proposers.available().contains(name)) {
                rejected(r -> r.put("proposer", name), 422, "proposer", "not available in this build yet");
            }
        }
    }

    @Test
    void malformedOrMistypedJsonIs400AndStoresNothing() {
        long before = campaigns();
        Api.Response truncated = api.post("/api/campaigns", "{\"name\": \"x\", \"task\": ");
        Api.Response notJson = api.post("/api/campaigns", "name=x");
        Api.Response empty = api.post("/api/campaigns", "");
        Api.Response wrongType = api.post("/api/campaigns", "{\"name\": \"x\", \"task\": \"bandit\", \"seeds\": \"all\"}");
        Api.Response overflow = api.post("/api/campaigns",
                "{\"name\": \"x\", \"task\": \"bandit\", \"maxCandidates\": 100000000000000000000}");

        for (Api.Response r : List.of(truncated, notJson, empty, wrongType, overflow)) {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.body().get("detail").asString()).isNotBlank();
            assertThat(r.raw()).doesNotContain("at dev.lossforge").doesNotContain("Exception:");
        }
        assertThat(wrongType.body().get("field").asString()).isEqualTo("seeds");
        assertThat(overflow.body().get("field").asString()).isEqualTo("maxCandidates");
        assertThat(campaigns()).isEqualTo(before);
    }

    @Test
    void unknownIdsAre404AndMalformedIds400() {
        for (String path : List.of("/api/campaigns/987654", "/api/candidates/987654", "/api/candidates/987654/curve",
                "/api/campaigns/987654/leaderboard", "/api/campaigns/987654/events")) {
            Api.Response r = api.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.body().get("detail").asString()).as(path).endsWith("987654 does not exist");
        }
        for (String action : List.of("pause", "resume", "cancel", "candidates")) {
            assertThat(api.post("/api/campaigns/987654/" + action,
                    Map.of("name", "n", "code", "class A {}")).status()).as(action).isEqualTo(404);
        }
        Api.Response malformed = api.get("/api/campaigns/abc");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("field").asString()).isEqualTo("id");
        Api.Response badPage = api.get("/api/campaigns/1/leaderboard?limit=0&offset=-1");
        assertThat(badPage.status()).isEqualTo(422);
        assertThat(badPage.body().get("errors").size()).isEqualTo(2);
    }

    @Test
    void userCandidatesAreCheckedBeforeAnythingIsStored() {
        long campaign = validCampaign();
        long before = candidates();

        String huge = "// " + "x".repeat(64 * 1024) + "\n";
        Api.Response tooLarge = api.post("/api/campaigns/" + campaign + "/candidates", Map.of("name", "big", "code", huge));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body().get("field").asString()).isEqualTo("code");

        Api.Response noName = api.post("/api/campaigns/" + campaign + "/candidates", Map.of("code", "class A {}"));
        assertThat(noName.status()).isEqualTo(422);
        assertThat(noName.body().get("field").asString()).isEqualTo("name");
        Api.Response noCode = api.post("/api/campaigns/" + campaign + "/candidates", Map.of("name", "n"));
        assertThat(noCode.status()).isEqualTo(422);
        assertThat(noCode.body().get("field").asString()).isEqualTo("code");
        assertThat(candidates()).isEqualTo(before);

        // python is rejected by the sandbox: 422 with the reason, stored as INVALID
        Api.Response python = api.post("/api/campaigns/" + campaign + "/candidates", Map.of("name", "py",
                "code", "def loss(beta, pi_logratios, ref_logratios):\n    return -F.logsigmoid(beta * logits)\n"));
        assertThat(python.status()).isEqualTo(422);
        assertThat(python.body().get("kind").asString()).isEqualTo("NOT_JAVA");
        assertThat(python.body().get("reason").asString()).isNotBlank();
        long invalid = python.body().get("candidateId").asLong();
        assertThat(candidates()).isEqualTo(before + 1);
        assertThat(jdbc.sql("select status from candidate where id = :id").param("id", invalid).query(String.class)
                .single()).isEqualTo("INVALID");
        assertThat(jdbc.sql("select count(*) from evaluation_job where candidate_id = :id").param("id", invalid)
                .query(Integer.class).single()).isZero();

        assertThat(api.post("/api/campaigns/" + campaign + "/cancel", "").status()).isEqualTo(200);
        Api.Response late = api.post("/api/campaigns/" + campaign + "/candidates", Map.of("name", "late",
                "code", "class A {}"));
        assertThat(late.status()).isEqualTo(409);
        assertThat(api.post("/api/campaigns/" + campaign + "/cancel", "").status()).isEqualTo(409);
        assertThat(api.post("/api/campaigns/" + campaign + "/pause", "").status()).isEqualTo(409);
        assertThat(api.post("/api/campaigns/" + campaign + "/resume", "").status()).isEqualTo(409);
        assertThat(candidates()).isEqualTo(before + 1);
    }

    @Test
    void workerRequestsNeedTheTokenAndAJobTheyHold() {
        Map<String, Object> lease = Map.of("workerId", "w", "waitSeconds", 0);
        assertThat(api.post("/api/worker/lease", lease).status()).isEqualTo(401);
        assertThat(api.post("/api/worker/lease", lease, Map.of("Authorization", "Bearer wrong")).status()).isEqualTo(401);
        assertThat(api.post("/api/worker/lease", lease, Map.of("Authorization", "Basic dGhlLXRva2Vu")).status())
                .isEqualTo(401);
        assertThat(api.post("/api/worker/lease", lease, Map.of("Authorization", "Bearer the-token")).status())
                .isEqualTo(204);
        Map<String, Object> result = Map.of("workerId", "w", "leaseToken", "6f1c1a52-0000-4000-8000-000000000000",
                "outcome", "COMPLETED", "fitness", 1.0, "wallSeconds", 1.0);
        Api.Response noJob = api.post("/api/worker/jobs/424242/result", result, Map.of("Authorization", "Bearer the-token"));
        assertThat(noJob.status()).isEqualTo(404);
        Api.Response badToken = api.post("/api/worker/jobs/424242/result",
                Map.of("workerId", "w", "leaseToken", "nope", "outcome", "COMPLETED", "fitness", 1.0, "wallSeconds", 1.0),
                Map.of("Authorization", "Bearer the-token"));
        assertThat(badToken.status()).isEqualTo(422);
        assertThat(badToken.body().get("field").asString()).isEqualTo("leaseToken");
    }

    @Test
    void aValidCampaignIsCreatedQueuedWithItsDefaults() {
        Api.Response created = api.post("/api/campaigns", Map.of("name", "defaults", "task", "bandit"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("task").asString()).isEqualTo("bandit:clean");
        assertThat(created.body().get("proposer").asString()).isEqualTo("baselines");
        assertThat(created.body().get("baselines").toString())
                .isEqualTo("[\"dpo\",\"ipo\",\"hinge\",\"robust-dpo\",\"lrml\"]");
        assertThat(created.body().get("seeds").toString()).isEqualTo("[42,13,3407]");
        assertThat(created.body().get("maxCandidates").asInt()).isEqualTo(20);
        assertThat(created.body().get("beta").asDouble()).isEqualTo(0.1);
        JsonNodeAssert.hasText(api.get("/v3/api-docs").raw(), "/api/campaigns/{id}/leaderboard");
        api.post("/api/campaigns/" + created.body().get("id").asLong() + "/cancel", "");
    }

    private long validCampaign() {
        Api.Response created = api.post("/api/campaigns", request());
        assertThat(created.status()).isEqualTo(201);
        long id = created.body().get("id").asLong();
        // no workers here: once started (baselines stored, their jobs queued) it stays as it is
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                api.get("/api/campaigns/" + id).body().get("status").asString().equals("RUNNING"));
        return id;
    }

    private void rejected(Consumer<Map<String, Object>> change, int status, String field, String message) {
        long campaignsBefore = campaigns();
        long candidatesBefore = candidates();
        Map<String, Object> request = request();
        change.accept(request);
        Api.Response response = api.post("/api/campaigns", request);
        assertThat(response.status()).as(request.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body().get("field").asString()).as(request.toString()).isEqualTo(field);
        assertThat(response.body().get("detail").asString()).as(request.toString()).contains(message);
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(campaigns()).isEqualTo(campaignsBefore);
        assertThat(candidates()).isEqualTo(candidatesBefore);
    }

    private static Map<String, Object> request() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", "bad requests");
        request.put("task", "bandit:noisy-40");
        request.put("taskConfig", Map.of("steps", 10));
        request.put("seeds", List.of(1, 2));
        request.put("maxCandidates", 2);
        return request;
    }

    private long campaigns() {
        return jdbc.sql("select count(*) from campaign").query(Long.class).single();
    }

    private long candidates() {
        return jdbc.sql("select count(*) from candidate").query(Long.class).single();
    }

    /** Plain text checks on documents that are not JSON objects we parse. */
    private static final class JsonNodeAssert {
        static void hasText(String document, String text) {
            assertThat(document).contains(text);
        }
    }
}
