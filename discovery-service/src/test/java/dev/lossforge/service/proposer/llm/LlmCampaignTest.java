package dev.lossforge.service.proposer.llm;

import dev.lossforge.sandbox.LossRejectedException;
import dev.lossforge.sandbox.LossValidator;
import dev.lossforge.service.proposer.llm.FakeLlmServer.Received;
import dev.lossforge.service.proposer.llm.FakeLlmServer.Step;
import dev.lossforge.service.support.Api;
import dev.lossforge.service.support.SseClient;
import dev.lossforge.service.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * LLM campaigns through the service's HTTP API: the real LangChain4j clients talk HTTP to the fake
 * OpenAI-compatible, Anthropic and Ollama servers, a real Postgres stores everything, and a real
 * child-process worker trains every candidate. Each campaign uses its own model name, which the
 * fake server answers from its own script.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lossforge.workers.local=1",
        "lossforge.workers.jvm-options=-Xmx512m,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1,-Dai.djl.pytorch.num_threads=1",
        "lossforge.campaigns.driver-interval=200ms",
        "lossforge.llm.prompts-dir=../prompts",
        "lossforge.llm.retry.max-attempts=3",
        "lossforge.llm.retry.initial-delay=10ms",
        "lossforge.llm.retry.max-delay=50ms"})
@ExtendWith(OutputCaptureExtension.class)
class LlmCampaignTest {

    /** Well under a second per training run. */
    static final Map<String, Object> TINY = Map.of("steps", 25, "contexts", 32, "evalContexts", 32, "evalEvery", 0);

    /** The Anthropic key, known to the service only as the environment variable FAKE_ANTHROPIC_KEY. */
    static final String KEY = "sk-ant-fake-0123456789abcdefghijKLMN";

    static final FakeLlmServer SERVER = startServer();
    /** Scripts by model name. */
    static final Map<String, Function<Received, Step>> MODELS = new ConcurrentHashMap<>();

    private static FakeLlmServer startServer() {
        try {
            FakeLlmServer server = new FakeLlmServer();
            server.respondWith(request -> {
                Function<Received, Step> script = MODELS.get(model(request));
                return script == null ? Step.error(404, "no model " + model(request)) : script.apply(request);
            });
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestConfiguration
    static class Keys {
        /** The service's environment, as far as keys go. */
        @Bean
        @Primary
        ApiKeyResolver testKeys() {
            return new ApiKeyResolver(Map.of("FAKE_ANTHROPIC_KEY", KEY)::get);
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private static String model(Received request) {
        return request.body().has("model") ? request.body().get("model").asString() : "";
    }

    private static List<Received> requestsFor(String model) {
        return SERVER.requests().stream().filter(r -> model(r).equals(model)).toList();
    }

    private static Map<String, Object> openAiCompatible(String model) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("provider", "openai-compatible");
        config.put("baseUrl", SERVER.openAiBaseUrl());
        config.put("model", model);
        return config;
    }

    private long create(Api api, String name, int maxCandidates, Map<String, Object> proposerConfig) {
        Api.Response created = api.post("/api/campaigns", request(name, maxCandidates, proposerConfig));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("id").asLong();
    }

    private static Map<String, Object> request(String name, int maxCandidates, Map<String, Object> proposerConfig) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        request.put("task", "bandit:clean");
        request.put("taskConfig", TINY);
        request.put("seeds", List.of(1));
        request.put("baselines", List.of());
        request.put("proposer", "llm");
        request.put("proposerConfig", proposerConfig);
        request.put("maxCandidates", maxCandidates);
        return request;
    }

    private static JsonNode awaitStatus(Api api, long id, String status) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() ->
                api.get("/api/campaigns/" + id).body().get("status").asString().equals(status));
        return api.get("/api/campaigns/" + id).body();
    }

    private long candidateId(long campaignId, String name) {
        return jdbc.sql("select id from candidate where campaign_id = :c and name = :n")
                .param("c", campaignId).param("n", name).query(Long.class).single();
    }

    @Test
    void aFullCampaignWithAnOpenAiCompatibleModelStoresEachCandidatesThoughtNameCodePromptHashAndTokens()
            throws Exception {
        AtomicInteger n = new AtomicInteger();
        MODELS.put("fake-full", request -> switch (n.getAndIncrement()) {
            case 0 -> Step.error(429, "slow down");
            case 1 -> Step.reply(Sources.reply("Soften the log.", "broken", Sources.DOES_NOT_COMPILE), 900, 150);
            case 2 -> Step.reply(Sources.reply("Subtract a margin so that easy pairs stop pulling. It keeps DPO's "
                    + "shape otherwise.", "margin-logistic", Sources.MARGIN), 1_000, 200);
            case 3 -> Step.reply("too late", 1, 1).delayed(2_500);
            case 4 -> Step.reply(Sources.reply("Temper the logits.", "tempered", Sources.TEMPERED), 800, 100);
            case 5 -> Step.reply(Sources.reply("Log of a negative.", "nan-loss", Sources.NAN), 700, 90);
            case 6 -> Step.reply(Sources.reply("In PyTorch.", "torch", Sources.PYTHON), 600, 80);
            default -> Step.reply(Sources.reply("A wider margin for noisy pairs.", "margin-7", Sources.marginLoss(7)),
                    500, 60);
        });
        Map<String, Object> config = openAiCompatible("fake-full");
        config.put("maxRepairTurns", 1);
        config.put("concurrency", 1);
        config.put("timeoutSeconds", 1);
        config.put("parentProbability", 0.0);
        config.put("price", Map.of("inputPerMillion", 3, "outputPerMillion", 15));
        Api api = new Api(port);

        long id = create(api, "llm-full", 4, config);
        JsonNode done = awaitStatus(api, id, "COMPLETED");

        // the settings as stored: the request's, completed with the defaults, and no key variable
        JsonNode stored = done.get("proposerConfig");
        assertThat(stored.get("provider").asString()).isEqualTo("openai-compatible");
        assertThat(stored.get("model").asString()).isEqualTo("fake-full");
        assertThat(stored.get("temperature").asDouble()).isEqualTo(0.8);
        assertThat(stored.get("maxRepairTurns").asInt()).isEqualTo(1);
        assertThat(stored.has("apiKeyEnv")).isFalse();
        assertThat(done.get("budget").get("proposed").asInt()).isEqualTo(4);
        assertThat(done.get("candidates").get("EVALUATED").asInt()).isEqualTo(4);
        assertThat(done.get("candidates").get("INVALID").asInt()).isEqualTo(1);

        // usage summed over the eight calls the fake server answered: tokens as it reported them,
        // cost at $3 / $15 per million: 4500 * 3e-6 + 680 * 15e-6 = 0.0135 + 0.0102
        JsonNode budget = done.get("budget");
        assertThat(budget.get("llmCalls").asLong()).isEqualTo(8);
        assertThat(budget.get("promptTokens").asLong()).isEqualTo(900 + 1_000 + 800 + 700 + 600 + 500);
        assertThat(budget.get("completionTokens").asLong()).isEqualTo(150 + 200 + 100 + 90 + 80 + 60);
        assertThat(budget.get("costUsd").asDouble()).isCloseTo(0.0237, org.assertj.core.api.Assertions.offset(1e-9));
        // one call waited for its one-second timeout
        assertThat(budget.get("llmLatencyMillis").asLong()).isGreaterThanOrEqualTo(1_000);

        String promptHash = LlmProposerTest.expectedHash("task-bandit.md");
        JsonNode margin = api.get("/api/candidates/" + candidateId(id, "margin-logistic")).body();
        assertThat(margin.get("status").asString()).isEqualTo("EVALUATED");
        assertThat(margin.get("proposer").asString()).isEqualTo("llm");
        assertThat(margin.get("thought").asString())
                .isEqualTo("Subtract a margin so that easy pairs stop pulling. It keeps DPO's shape otherwise.");
        assertThat(margin.get("hypothesis").asString()).isEqualTo("Subtract a margin so that easy pairs stop pulling.");
        assertThat(margin.get("code").asString()).isEqualTo(Sources.MARGIN.strip());
        assertThat(margin.get("promptHash").asString()).isEqualTo(promptHash);
        assertThat(margin.get("llm").get("promptTokens").asLong()).isEqualTo(1_900);
        assertThat(margin.get("llm").get("completionTokens").asLong()).isEqualTo(350);
        assertThat(margin.get("llm").get("calls").asLong()).isEqualTo(3);
        assertThat(margin.get("llm").get("repairTurns").asInt()).isEqualTo(1);
        assertThat(margin.get("llm").get("model").asString()).isEqualTo("openai-compatible/fake-full");
        assertThat(margin.get("fitness").get("mean").isNumber()).isTrue();

        JsonNode tempered = api.get("/api/candidates/" + candidateId(id, "tempered")).body();
        assertThat(tempered.get("thought").asString()).isEqualTo("Temper the logits.");
        assertThat(tempered.get("code").asString()).isEqualTo(Sources.TEMPERED.strip());
        assertThat(tempered.get("promptHash").asString()).isEqualTo(promptHash);
        assertThat(tempered.get("llm").get("promptTokens").asLong()).isEqualTo(800);
        assertThat(tempered.get("llm").get("completionTokens").asLong()).isEqualTo(100);

        JsonNode last = api.get("/api/candidates/" + candidateId(id, "margin-7")).body();
        assertThat(last.get("llm").get("promptTokens").asLong()).isEqualTo(500);
        assertThat(last.get("llm").get("completionTokens").asLong()).isEqualTo(60);

        // a proposal whose repair turns ran out: INVALID with the sandbox's verdict, charged to the budget
        JsonNode nan = api.get("/api/candidates/" + candidateId(id, "nan-loss")).body();
        assertThat(nan.get("status").asString()).isEqualTo("INVALID");
        assertThat(nan.get("error").get("kind").asString()).isEqualTo("SMOKE_TEST");
        assertThat(nan.get("code").asString()).isEqualTo(Sources.NAN.strip());
        assertThat(nan.get("llm").get("promptTokens").asLong()).isEqualTo(1_300);
        assertThat(nan.get("llm").get("completionTokens").asLong()).isEqualTo(170);

        // every attempt is a row: the rate limit and the timeout were retried within their turn
        assertThat(callRows(candidateId(id, "margin-logistic"))).containsExactly(
                "PROPOSE 0 1 RATE_LIMITED", "PROPOSE 0 2 OK", "REPAIR 1 1 OK");
        assertThat(callRows(candidateId(id, "tempered"))).containsExactly("PROPOSE 0 1 TIMEOUT", "PROPOSE 0 2 OK");
        assertThat(jdbc.sql("select count(distinct proposal_id) from llm_call where campaign_id = :c")
                .param("c", id).query(Long.class).single()).isEqualTo(4);

        // the repair turn quoted the sandbox's own words about the code that did not compile
        String compilerSays;
        try {
            new LossValidator().validate(Sources.DOES_NOT_COMPILE);
            throw new AssertionError("the broken source compiled");
        } catch (LossRejectedException e) {
            compilerSays = e.getMessage();
        }
        assertThat(compilerSays).startsWith("line 9, column ");
        List<Received> received = requestsFor("fake-full");
        assertThat(received).hasSize(8);
        Received repair = received.get(2);
        assertThat(repair.roles()).containsExactly("system", "user", "assistant", "user");
        assertThat(repair.lastMessageText()).contains("The sandbox rejected the code (COMPILE): " + compilerSays);
        // the last proposal saw the failed one with its error
        assertThat(received.get(7).messageTexts().get(1)).contains("- nan-loss [INVALID]: error: SMOKE_TEST");
        assertThat(received.get(0).messageTexts().get(0)).contains("# What the sandbox allows");

        List<String> proposed = jdbc.sql("""
                        select payload ->> 'name' from campaign_event
                        where campaign_id = :c and type = 'candidate.proposed' and payload ->> 'proposer' = 'llm'
                        order by id""")
                .param("c", id).query(String.class).list();
        assertThat(proposed).containsExactly("margin-logistic", "tempered", "nan-loss", "margin-7");
    }

    private List<String> callRows(long candidateId) {
        return jdbc.sql("""
                        select purpose || ' ' || turn || ' ' || attempt || ' ' || outcome from llm_call
                        where candidate_id = :c order by id""")
                .param("c", candidateId).query(String.class).list();
    }

    @Test
    void aModelThatStaysUnreachablePausesTheCampaignWithTheReasonAndResumeWorksOnceItIsBack() {
        AtomicBoolean down = new AtomicBoolean(true);
        MODELS.put("fake-storm", request -> down.get() ? Step.error(500, "model overloaded")
                : Step.reply(Sources.reply("Back with a margin.", "margin-back", Sources.marginLoss(3)), 300, 40));
        Map<String, Object> config = openAiCompatible("fake-storm");
        config.put("concurrency", 1);
        Api api = new Api(port);

        long id = create(api, "llm-storm", 1, config);
        try (SseClient events = new SseClient(api.base() + "/api/campaigns/" + id + "/events", null)) {
            JsonNode paused = awaitStatus(api, id, "PAUSED");

            String reason = paused.get("statusReason").asString();
            assertThat(reason).startsWith("proposer llm is unavailable: LLM unavailable: openai-compatible model "
                    + "fake-storm at " + SERVER.openAiBaseUrl() + " failed 3 tries; last: server error (HTTP 500)")
                    .contains("model overloaded");
            await().atMost(Duration.ofSeconds(10)).until(() -> events.events().stream().anyMatch(e ->
                    e.type().equals("campaign.status") && e.data().get("payload").get("status").asString().equals("PAUSED")
                            && e.data().get("payload").get("reason").asString().equals(reason)));
            // paused, not spinning: three tries and no more while it stays paused
            assertThat(requestsFor("fake-storm")).hasSize(3);
            sleep(1_500);
            assertThat(requestsFor("fake-storm")).hasSize(3);
            assertThat(jdbc.sql("select outcome from llm_call where campaign_id = :c order by id").param("c", id)
                    .query(String.class).list()).containsExactly("SERVER_ERROR", "SERVER_ERROR", "SERVER_ERROR");

            down.set(false);
            assertThat(api.post("/api/campaigns/" + id + "/resume", "").body().get("status").asString())
                    .isEqualTo("RUNNING");
            JsonNode done = awaitStatus(api, id, "COMPLETED");

            assertThat(done.get("statusReason").isNull()).isTrue();
            assertThat(api.get("/api/candidates/" + candidateId(id, "margin-back")).body().get("status").asString())
                    .isEqualTo("EVALUATED");
            assertThat(requestsFor("fake-storm")).hasSize(4);
        }
    }

    @Test
    void aSpentTokenBudgetEndsTheCampaignWithTheReasonAndAProposalMayImproveAParent() {
        Api api = new Api(port);
        AtomicInteger n = new AtomicInteger();
        MODELS.put("fake-budget", request -> {
            int i = n.incrementAndGet();
            long campaign = jdbc.sql("select id from campaign where name = 'llm-budget'").query(Long.class).single();
            if (i == 1) {
                // the next proposals then see an evaluated DPO, one of the parents they may improve
                await().atMost(Duration.ofMinutes(2)).until(() -> "EVALUATED".equals(jdbc.sql(
                                "select status from candidate where campaign_id = :c and name = 'dpo'")
                        .param("c", campaign).query(String.class).optional().orElse("")));
            } else if (i == 2) {
                // pausing lets the campaign's client go; the one opened on resuming must still count
                // the tokens spent before, which only the llm_call rows know
                assertThat(api.post("/api/campaigns/" + campaign + "/pause", "").status()).isEqualTo(200);
                assertThat(api.post("/api/campaigns/" + campaign + "/resume", "").status()).isEqualTo(200);
            }
            return Step.reply(Sources.reply("Margin " + i + ".", "margin-1" + i, Sources.marginLoss(10 + i)), 1_000, 200);
        });
        Map<String, Object> config = openAiCompatible("fake-budget");
        config.put("concurrency", 1);
        config.put("tokenBudget", 2_500);
        config.put("parentProbability", 1.0);

        long id = create(api, "llm-budget", 10, config);
        assertThat(api.get("/api/campaigns/" + id).body().get("budget").get("tokenBudget").asLong()).isEqualTo(2_500);
        JsonNode done = awaitStatus(api, id, "COMPLETED");

        // 1200 tokens a call: 1200 and 2400 leave budget, so a third call is made; then it is spent,
        // though the client that made the third call was opened after the second (on resuming)
        String reason = "LLM token budget spent: 3600 of 2500 tokens used";
        assertThat(done.get("statusReason").asString()).isEqualTo(reason);
        assertThat(done.get("budget").get("proposed").asInt()).isEqualTo(3);
        assertThat(done.get("budget").get("promptTokens").asLong()).isEqualTo(3_000);
        assertThat(done.get("budget").get("completionTokens").asLong()).isEqualTo(600);
        assertThat(requestsFor("fake-budget")).hasSize(3);
        List<String> stopped = jdbc.sql("""
                        select payload ->> 'reason' from campaign_event
                        where campaign_id = :c and type = 'campaign.proposer' order by id""")
                .param("c", id).query(String.class).list();
        assertThat(stopped).containsExactly(reason);
        assertThat(jdbc.sql("""
                        select payload ->> 'reason' from campaign_event
                        where campaign_id = :c and type = 'campaign.status' and payload ->> 'status' = 'COMPLETED'""")
                .param("c", id).query(String.class).single()).isEqualTo(reason);

        // the second proposal was asked to improve an evaluated candidate, which became its parent
        String second = requestsFor("fake-budget").get(1).messageTexts().get(1);
        java.util.regex.Matcher improve = java.util.regex.Pattern.compile("Improve on `([^`]+)`").matcher(second);
        assertThat(improve.find()).as(second).isTrue();
        JsonNode child = api.get("/api/candidates/" + candidateId(id, "margin-12")).body();
        assertThat(child.get("parentIds").toString()).isEqualTo("[" + candidateId(id, improve.group(1)) + "]");
    }

    @Test
    void anthropicAndOllamaCampaignsRunTwoProposalsAtOnceAndTheKeyAppearsNowhere(CapturedOutput output)
            throws Exception {
        List<String> keysSent = new CopyOnWriteArrayList<>();
        AtomicInteger claudeCalls = new AtomicInteger();
        MODELS.put("fake-claude", request -> {
            keysSent.add(request.headers().get("x-api-key"));
            return claudeCalls.incrementAndGet() == 1
                    ? Step.error(401, "invalid x-api-key: " + KEY)
                    : Step.reply(Sources.reply("Claude's margin.", "claude-margin", Sources.marginLoss(4)), 400, 50);
        });
        CountDownLatch bothOpen = new CountDownLatch(2);
        AtomicBoolean together = new AtomicBoolean(true);
        AtomicInteger qwen = new AtomicInteger();
        MODELS.put("fake-qwen", request -> {
            bothOpen.countDown();
            try {
                if (!bothOpen.await(60, TimeUnit.SECONDS)) {
                    together.set(false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int i = qwen.incrementAndGet();
            return Step.reply(Sources.reply("Qwen's margin " + i + ".", "qwen-margin-" + i, Sources.marginLoss(20 + i)),
                    300, 30);
        });
        Map<String, Object> anthropic = new LinkedHashMap<>();
        anthropic.put("provider", "anthropic");
        anthropic.put("baseUrl", SERVER.anthropicBaseUrl());
        anthropic.put("model", "fake-claude");
        anthropic.put("apiKeyEnv", "FAKE_ANTHROPIC_KEY");
        Map<String, Object> ollama = new LinkedHashMap<>();
        ollama.put("provider", "ollama");
        ollama.put("baseUrl", SERVER.ollamaBaseUrl());
        ollama.put("model", "fake-qwen");
        ollama.put("concurrency", 2);
        Api api = new Api(port);

        long claude = create(api, "llm-anthropic", 1, anthropic);
        long local = create(api, "llm-ollama", 2, ollama);

        // a wrong key is not retried: the campaign pauses at once, with the key scrubbed from the reason
        JsonNode paused = awaitStatus(api, claude, "PAUSED");
        assertThat(paused.get("statusReason").asString()).contains("authentication failed (HTTP 401)")
                .contains("invalid x-api-key: ***");
        assertThat(api.post("/api/campaigns/" + claude + "/resume", "").status()).isEqualTo(200);
        JsonNode claudeDone = awaitStatus(api, claude, "COMPLETED");
        JsonNode localDone = awaitStatus(api, local, "COMPLETED");

        assertThat(keysSent).hasSize(2).containsOnly(KEY);
        assertThat(claudeDone.get("proposerConfig").get("apiKeyEnv").asString()).isEqualTo("FAKE_ANTHROPIC_KEY");
        JsonNode claudeMargin = api.get("/api/candidates/" + candidateId(claude, "claude-margin")).body();
        assertThat(claudeMargin.get("status").asString()).isEqualTo("EVALUATED");
        assertThat(claudeMargin.get("llm").get("promptTokens").asLong()).isEqualTo(400);
        assertThat(claudeMargin.get("llm").get("model").asString()).isEqualTo("anthropic/fake-claude");
        assertThat(requestsFor("fake-claude")).allSatisfy(r -> assertThat(r.path()).isEqualTo(FakeLlmServer.ANTHROPIC_PATH));

        assertThat(together).as("both Ollama proposals were open at once").isTrue();
        assertThat(localDone.get("candidates").get("EVALUATED").asInt()).isEqualTo(3);
        assertThat(requestsFor("fake-qwen")).hasSize(2).allSatisfy(r -> assertThat(r.path())
                .isEqualTo(FakeLlmServer.OLLAMA_PATH));
        assertThat(api.get("/api/candidates/" + candidateId(local, "qwen-margin-1")).body().get("llm").get("model")
                .asString()).isEqualTo("ollama/fake-qwen");

        // the key: not in any response, event, stored row or log line, whole or in part
        String fragment = KEY.substring(8, 20);
        List<String> seen = new ArrayList<>();
        seen.add(api.get("/api/campaigns/" + claude).raw());
        seen.add(api.get("/api/campaigns?limit=100").raw());
        seen.add(api.get("/api/candidates/" + candidateId(claude, "claude-margin")).raw());
        seen.add(jdbc.sql("select coalesce(string_agg(row_to_json(e)::text, ' '), '') from campaign_event e")
                .query(String.class).single());
        seen.add(jdbc.sql("select coalesce(string_agg(row_to_json(l)::text, ' '), '') from llm_call l")
                .query(String.class).single());
        seen.add(jdbc.sql("select coalesce(string_agg(row_to_json(c)::text, ' '), '') from campaign c")
                .query(String.class).single());
        seen.add(output.getAll());
        assertThat(String.join("\n", seen)).contains("FAKE_ANTHROPIC_KEY").doesNotContain(KEY).doesNotContain(fragment);
        assertThat(jdbc.sql("select error from llm_call where campaign_id = :c and outcome = 'AUTHENTICATION_FAILED'")
                .param("c", claude).query(String.class).single()).contains("invalid x-api-key: ***");
    }

    @Test
    void badLlmSettingsAre422sNamingTheSettingAndStoreNothing() {
        Api api = new Api(port);
        long before = jdbc.sql("select count(*) from campaign").query(Long.class).single();

        assertRejected(api, Map.of("provider", "gemini"), "proposerConfig.provider", "unknown LLM provider 'gemini'");
        assertRejected(api, Map.of("temperature", 3), "proposerConfig.temperature", "between 0 and 2");
        assertRejected(api, Map.of("concurrency", "two"), "proposerConfig.concurrency", "whole number");
        assertRejected(api, Map.of("maxRepairTurns", 11), "proposerConfig.maxRepairTurns", "between 0 and 10");
        assertRejected(api, Map.of("temprature", 0.5), "proposerConfig.temprature", "unknown setting");
        assertRejected(api, Map.of("provider", "openai-compatible", "model", "m"), "proposerConfig.baseUrl",
                "needs the server's base URL");
        assertRejected(api, Map.of("provider", "ollama"), "proposerConfig.model", "name the model");
        assertRejected(api, Map.of("price", Map.of("inputPerMillion", 1)), "proposerConfig.price.outputPerMillion",
                "is required");
        assertRejected(api, Map.of("provider", "ollama", "model", "m", "costBudgetUsd", 5),
                "proposerConfig.costBudgetUsd", "model m has no price");
        // the default provider is OpenAI, whose key variable this service does not have
        assertRejected(api, Map.of(), "proposerConfig.apiKeyEnv", "environment variable OPENAI_API_KEY is not set");
        assertRejected(api, Map.of("provider", "anthropic", "model", "c", "apiKeyEnv", "NO_SUCH_VARIABLE_HERE"),
                "proposerConfig.apiKeyEnv", "NO_SUCH_VARIABLE_HERE is not set");
        // a key itself is refused and never repeated
        Api.Response key = assertRejected(api, Map.of("apiKey", KEY), "proposerConfig.apiKey",
                "API keys are never accepted");
        Api.Response pasted = assertRejected(api, Map.of("provider", "anthropic", "model", "c", "apiKeyEnv", KEY),
                "proposerConfig.apiKeyEnv", "NAME of an environment variable");
        assertThat(key.raw() + pasted.raw()).doesNotContain(KEY).doesNotContain(KEY.substring(8, 20));

        assertThat(jdbc.sql("select count(*) from campaign").query(Long.class).single()).isEqualTo(before);
    }

    private Api.Response assertRejected(Api api, Map<String, Object> config, String field, String message) {
        Api.Response response = api.post("/api/campaigns", request("bad", 1, config));
        assertThat(response.status()).as(response.raw()).isEqualTo(422);
        List<String> fields = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (JsonNode error : response.body().get("errors")) {
            fields.add(error.get("field").asString());
            messages.add(error.get("message").asString());
        }
        assertThat(fields).as(response.raw()).contains(field);
        assertThat(messages.get(fields.indexOf(field))).contains(message);
        return response;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
