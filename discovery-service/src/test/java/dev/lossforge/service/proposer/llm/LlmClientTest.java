package dev.lossforge.service.proposer.llm;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.lossforge.service.proposer.llm.FakeLlmServer.Step;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real LangChain4j clients over HTTP against the fake server: wire formats, retries, records. */
class LlmClientTest {

    private static final String KEY = "sk-test-0123456789abcdefSECRET";
    private static final List<ChatMessage> MESSAGES = List.of(
            SystemMessage.from("You write losses."), UserMessage.from("Propose one."));

    private FakeLlmServer server;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final List<LlmCallRecord> recorded = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeLlmServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LlmClient client(LlmProvider provider, RetryPolicy retry, LlmBudget budget, PriceTable prices,
                             Duration timeout) {
        ModelSettings settings = new ModelSettings(provider, server.baseUrlFor(provider), "fake-model", 0.7, 512,
                timeout, provider == LlmProvider.OLLAMA ? null : "TEST_LLM_KEY");
        Optional<ApiKey> key = new ApiKeyResolver(Map.of("TEST_LLM_KEY", KEY)::get).resolve(settings);
        return new LlmClient(new ChatModelFactory().create(settings, key), settings, key, retry, prices,
                new UsageLedger(budget, LlmUsage.zero()), recorded::add, waits::add, () -> 0.0, Clock.systemUTC());
    }

    private LlmClient client(LlmProvider provider) {
        return client(provider, fastRetry(4), LlmBudget.unlimited(), PriceTable.none(), Duration.ofSeconds(10));
    }

    private static RetryPolicy fastRetry(int attempts) {
        return new RetryPolicy(attempts, Duration.ofMillis(10), Duration.ofMillis(35), 2.0, 0.5);
    }

    @ParameterizedTest
    @EnumSource(LlmProvider.class)
    void eachProviderSendsTheConversationAndReadsTextAndTokens(LlmProvider provider) throws Exception {
        server.then(Step.reply("{\"name\": \"x\"}", 321, 45));

        LlmReply reply = client(provider).send(MESSAGES, new CallContext("c1", "p1", "h", CallPurpose.PROPOSE, 0));

        assertThat(reply.text()).isEqualTo("{\"name\": \"x\"}");
        assertThat(reply.inputTokens()).isEqualTo(321);
        assertThat(reply.outputTokens()).isEqualTo(45);
        assertThat(reply.truncated()).isFalse();
        FakeLlmServer.Received request = server.requests().get(0);
        String expectedPath = switch (provider) {
            case OPENAI, OPENAI_COMPATIBLE -> FakeLlmServer.OPENAI_PATH;
            case ANTHROPIC -> FakeLlmServer.ANTHROPIC_PATH;
            case OLLAMA -> FakeLlmServer.OLLAMA_PATH;
        };
        assertThat(request.path()).isEqualTo(expectedPath);
        assertThat(request.messageTexts()).containsExactly("You write losses.", "Propose one.");
        assertThat(request.body().get("model").asString()).isEqualTo("fake-model");
        switch (provider) {
            case OPENAI, OPENAI_COMPATIBLE -> assertThat(request.headers().get("Authorization")).isEqualTo("Bearer " + KEY);
            case ANTHROPIC -> assertThat(request.headers().get("x-api-key")).isEqualTo(KEY);
            case OLLAMA -> assertThat(request.headers()).doesNotContainKey("Authorization");
        }
        assertThat(recorded).singleElement().satisfies(call -> {
            assertThat(call.outcome()).isEqualTo(CallOutcome.OK);
            assertThat(call.provider()).isEqualTo(provider.id());
            assertThat(call.inputTokens()).isEqualTo(321);
            assertThat(call.outputTokens()).isEqualTo(45);
            assertThat(call.campaignId()).isEqualTo("c1");
            assertThat(call.proposalId()).isEqualTo("p1");
            assertThat(call.costUsd()).isNull();
        });
    }

    @ParameterizedTest
    @EnumSource(LlmProvider.class)
    void aReplyCutOffAtTheTokenLimitIsMarkedTruncated(LlmProvider provider) throws Exception {
        server.then(Step.truncatedReply("{\"thought\": \"a long"));

        assertThat(client(provider).send(MESSAGES, new CallContext("c1", "p1", "h", CallPurpose.PROPOSE, 0)).truncated()).isTrue();
    }

    @Test
    void rateLimitThenSuccessRetriesWithBackoffAndRecordsBothAttempts() throws Exception {
        server.then(Step.error(429, "Rate limit reached, retry later"), Step.reply("ok", 10, 5));

        LlmReply reply = client(LlmProvider.OPENAI).send(MESSAGES, new CallContext("c1", "p1", "h", CallPurpose.PROPOSE, 0));

        assertThat(reply.text()).isEqualTo("ok");
        assertThat(server.requests()).hasSize(2);
        assertThat(reply.calls()).extracting(LlmCallRecord::outcome)
                .containsExactly(CallOutcome.RATE_LIMITED, CallOutcome.OK);
        assertThat(reply.calls()).extracting(LlmCallRecord::attempt).containsExactly(1, 2);
        assertThat(reply.calls().get(0).error()).contains("HTTP 429").contains("Rate limit reached");
        // random = 0 takes the full wait: the initial 10 ms
        assertThat(waits).containsExactly(Duration.ofMillis(10));
    }

    @ParameterizedTest
    @EnumSource(value = LlmProvider.class, names = {"OPENAI", "ANTHROPIC", "OLLAMA"})
    void aServerErrorStormEndsAsUnavailableAfterEveryAttemptWithGrowingCappedWaits(LlmProvider provider) {
        server.whenEmpty(Step.error(500, "upstream overloaded"));
        LlmClient client = client(provider);

        assertThatThrownBy(() -> client.send(MESSAGES, new CallContext("c1", "p1", "h", CallPurpose.PROPOSE, 0)))
                .isInstanceOf(LlmUnavailableException.class)
                .hasMessageContaining("LLM unavailable")
                .hasMessageContaining("failed 4 tries")
                .hasMessageContaining("HTTP 500")
                .satisfies(e -> assertThat(((LlmUnavailableException) e).lastOutcome()).isEqualTo(CallOutcome.SERVER_ERROR));
        assertThat(server.requests()).hasSize(4);
        // 10, 20, then 40 capped at 35 ms
        assertThat(waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(35));
        assertThat(recorded).hasSize(4).allSatisfy(call -> assertThat(call.outcome()).isEqualTo(CallOutcome.SERVER_ERROR));
    }

    @Test
    void aTimeoutIsRetriedAndTheNextAnswerIsUsed() throws Exception {
        server.then(Step.reply("too late").delayed(3_000), Step.reply("in time"));
        LlmClient client = client(LlmProvider.OPENAI, fastRetry(3), LlmBudget.unlimited(), PriceTable.none(),
                Duration.ofMillis(400));

        LlmReply reply = client.send(MESSAGES, new CallContext("c1", "p1", "h", CallPurpose.PROPOSE, 0));

        assertThat(reply.text()).isEqualTo("in time");
        assertThat(reply.calls()).extracting(LlmCallRecord::outcome).containsExactly(CallOutcome.TIMEOUT, CallOutcome.OK);
    }

    @Test
    void anAuthenticationFailureIsNotRetriedAndTheEchoedKeyIsRedacted() {
        server.whenEmpty(Step.error(401, "Incorrect API key provided: " + KEY + ". Find your key at ..."));
        LlmClient client = client(LlmProvider.OPENAI);

        assertThatThrownBy(() -> client.send(MESSAGES, new CallContext("c1", "p1", "h", CallPurpose.PROPOSE, 0)))
                .isInstanceOf(LlmUnavailableException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).contains("authentication failed (HTTP 401)").contains("failed 1 try");
                    assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 12));
                    assertThat(e.toString()).doesNotContain(KEY);
                    assertThat(((LlmUnavailableException) e).lastOutcome()).isEqualTo(CallOutcome.AUTHENTICATION_FAILED);
                });
        assertThat(server.requests()).hasSize(1);
        assertThat(waits).isEmpty();
        assertThat(recorded).singleElement().satisfies(call -> assertThat(call.error()).doesNotContain(KEY).contains("***"));
    }

    @Test
    void aBadRequestIsNotRetried() {
        server.whenEmpty(Step.error(400, "max_tokens is too large"));
        LlmClient client = client(LlmProvider.ANTHROPIC);

        assertThatThrownBy(() -> client.send(MESSAGES, new CallContext("c1", "p1", "h", CallPurpose.PROPOSE, 0)))
                .isInstanceOf(LlmUnavailableException.class)
                .hasMessageContaining("bad request (HTTP 400)");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aServerThatIsNotThereIsUnreachableAfterTheRetries() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        ModelSettings settings = new ModelSettings(LlmProvider.OLLAMA, "http://127.0.0.1:" + freePort, "m", 0.5, 100,
                Duration.ofSeconds(2), null);
        LlmClient client = new LlmClient(new ChatModelFactory().create(settings, Optional.empty()), settings,
                Optional.empty(), fastRetry(2), PriceTable.none(), new UsageLedger(LlmBudget.unlimited(), LlmUsage.zero()),
                recorded::add, waits::add, () -> 0.0, Clock.systemUTC());

        assertThatThrownBy(() -> client.send(MESSAGES, new CallContext("c1", "p1", "h", CallPurpose.PROPOSE, 0)))
                .isInstanceOf(LlmUnavailableException.class)
                .hasMessageContaining("failed 2 tries")
                .satisfies(e -> assertThat(((LlmUnavailableException) e).lastOutcome()).isEqualTo(CallOutcome.UNREACHABLE));
    }

    @Test
    void pricesGiveEachCallItsCostAndTheLedgerSumsTokensAndCost() throws Exception {
        server.then(Step.reply("a", 1_000, 200), Step.reply("b", 3_000, 800));
        PriceTable prices = new PriceTable(Map.of("fake-model", ModelPrice.of("2.50", "10.00")));
        LlmClient client = client(LlmProvider.OPENAI, fastRetry(2), LlmBudget.unlimited(), prices, Duration.ofSeconds(10));

        client.send(MESSAGES, new CallContext("c1", "p1", "h", CallPurpose.PROPOSE, 0));
        client.send(MESSAGES, new CallContext("c1", "p1", "h", CallPurpose.REPAIR, 1));

        // by hand: 1000 * 2.5e-6 + 200 * 1e-5 = 0.0045; 3000 * 2.5e-6 + 800 * 1e-5 = 0.0155
        assertThat(recorded.get(0).costUsd()).isEqualByComparingTo("0.0045");
        assertThat(recorded.get(1).costUsd()).isEqualByComparingTo("0.0155");
        assertThat(recorded.get(1).purpose()).isEqualTo(CallPurpose.REPAIR);
        LlmUsage usage = client.ledger().usage();
        assertThat(usage.calls()).isEqualTo(2);
        assertThat(usage.inputTokens()).isEqualTo(4_000);
        assertThat(usage.outputTokens()).isEqualTo(1_000);
        assertThat(usage.costUsd()).isEqualByComparingTo("0.0200");
    }

    @Test
    void aSpentTokenBudgetStopsTheNextCallBeforeItIsSent() throws Exception {
        server.then(Step.reply("a", 900, 150), Step.reply("never sent"));
        LlmClient client = client(LlmProvider.OPENAI, fastRetry(2), new LlmBudget(1_000L, null), PriceTable.none(),
                Duration.ofSeconds(10));

        client.send(MESSAGES, new CallContext("c1", "p1", "h", CallPurpose.PROPOSE, 0));

        assertThatThrownBy(() -> client.send(MESSAGES, new CallContext("c1", "p2", "h", CallPurpose.PROPOSE, 0)))
                .isInstanceOf(LlmBudgetExhaustedException.class)
                .hasMessageContaining("1050 of 1000 tokens");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aSpentCostBudgetStopsTheNextCall() throws Exception {
        server.then(Step.reply("a", 1_000_000, 0), Step.reply("never sent"));
        PriceTable prices = new PriceTable(Map.of("fake-model", ModelPrice.of("1.00", "4.00")));
        LlmClient client = client(LlmProvider.ANTHROPIC, fastRetry(2), new LlmBudget(null, new BigDecimal("0.75")),
                prices, Duration.ofSeconds(10));

        client.send(MESSAGES, new CallContext("c1", "p1", "h", CallPurpose.PROPOSE, 0));

        assertThatThrownBy(() -> client.send(MESSAGES, new CallContext("c1", "p2", "h", CallPurpose.PROPOSE, 0)))
                .isInstanceOf(LlmBudgetExhaustedException.class)
                .hasMessageContaining("cost budget");
        assertThat(server.requests()).hasSize(1);
    }
}
