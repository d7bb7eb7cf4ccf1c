package dev.lossforge.service.proposer.llm;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Sends one conversation to the model: retries what may pass with back-off and jitter, records
 * every attempt (tokens, latency, outcome, cost) to the ledger and the recorder, and turns a
 * model that stays unreachable into {@link LlmUnavailableException}. Thread-safe: the proposals
 * of a campaign share one client.
 */
public final class LlmClient {

    private static final int MAX_ERROR_CHARS = 300;

    private final ChatModel model;
    private final ModelSettings settings;
    private final Optional<ApiKey> key;
    private final RetryPolicy retry;
    private final PriceTable prices;
    private final UsageLedger ledger;
    private final CallRecorder recorder;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final Clock clock;

    public LlmClient(ChatModel model, ModelSettings settings, Optional<ApiKey> key, RetryPolicy retry,
                     PriceTable prices, UsageLedger ledger, CallRecorder recorder, Sleeper sleeper,
                     DoubleSupplier random, Clock clock) {
        this.model = Objects.requireNonNull(model, "model");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.key = Objects.requireNonNull(key, "key");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A client with real sleeps, {@link ThreadLocalRandom} jitter and the system clock. */
    public static LlmClient create(ChatModel model, ModelSettings settings, Optional<ApiKey> key, RetryPolicy retry,
                                   PriceTable prices, UsageLedger ledger, CallRecorder recorder) {
        return new LlmClient(model, settings, key, retry, prices, ledger, recorder, Sleeper.real(),
                () -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC());
    }

    public ModelSettings settings() {
        return settings;
    }

    public UsageLedger ledger() {
        return ledger;
    }

    /**
     * @param messages the conversation so far, system message first
     * @param context  recorded with each call
     * @throws LlmUnavailableException      retries spent, or a failure retrying cannot fix
     * @throws LlmBudgetExhaustedException  the budget was spent before a try
     * @throws CancellationException        the thread was interrupted while waiting to retry
     */
    public LlmReply send(List<ChatMessage> messages, CallContext context)
            throws LlmUnavailableException, LlmBudgetExhaustedException {
        ChatRequest request = ChatRequest.builder().messages(messages).build();
        List<LlmCallRecord> calls = new ArrayList<>();
        List<PromptMessage> sent = PromptMessages.of(messages);
        for (int attempt = 1; ; attempt++) {
            Optional<String> spent = ledger.exhausted();
            if (spent.isPresent()) {
                throw new LlmBudgetExhaustedException(spent.get(), calls);
            }
            Instant startedAt = clock.instant();
            long start = System.nanoTime();
            ChatResponse response;
            try {
                response = model.chat(request);
            } catch (RuntimeException failure) {
                long latency = (System.nanoTime() - start) / 1_000_000;
                CallOutcome outcome = FailureClassifier.classify(failure);
                String error = describe(outcome, failure);
                LlmCallRecord call = new LlmCallRecord(context.campaignId(), context.proposalId(), context.promptHash(),
                        startedAt, settings.provider().id(), settings.modelName(), context.purpose(), context.turn(),
                        attempt, outcome, 0, 0, latency, null, error, sent, null);
                note(call, calls);
                if (!outcome.retriable()) {
                    throw new LlmUnavailableException(unavailableReason(attempt, error), outcome, calls);
                }
                if (attempt >= retry.maxAttempts()) {
                    throw new LlmUnavailableException(unavailableReason(attempt, error), outcome, calls);
                }
                pause(retry.delayAfter(attempt, random));
                continue;
            }
            long latency = (System.nanoTime() - start) / 1_000_000;
            TokenUsage usage = response.tokenUsage();
            long in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
            long out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
            BigDecimal cost = prices.costOf(settings.modelName(), in, out);
            String text = response.aiMessage() == null || response.aiMessage().text() == null
                    ? "" : response.aiMessage().text();
            LlmCallRecord call = new LlmCallRecord(context.campaignId(), context.proposalId(), context.promptHash(),
                    startedAt, settings.provider().id(), settings.modelName(), context.purpose(), context.turn(), attempt,
                    CallOutcome.OK, in, out, latency, cost, null, sent, text);
            note(call, calls);
            boolean truncated = response.finishReason() == FinishReason.LENGTH;
            return new LlmReply(text, truncated, in, out, calls);
        }
    }

    private void note(LlmCallRecord call, List<LlmCallRecord> calls) {
        calls.add(call);
        ledger.add(call);
        recorder.record(call);
    }

    private void pause(Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting to retry the LLM call");
        }
    }

    private String unavailableReason(int attempts, String lastError) {
        return "LLM unavailable: " + settings.provider().id() + " model " + settings.modelName() + " at "
                + withoutUserInfo(settings.effectiveBaseUrl()) + " failed " + attempts
                + (attempts == 1 ? " try" : " tries") + "; last: " + lastError;
    }

    /** One line for records and reasons: the kind, the HTTP status if any, the server's words. */
    private String describe(CallOutcome outcome, Throwable failure) {
        int status = FailureClassifier.statusOf(failure);
        String message = failure.getMessage();
        for (Throwable t = failure.getCause(); (message == null || message.isBlank()) && t != null; t = t.getCause()) {
            message = t.getMessage();
            if (message == null || message.isBlank()) {
                message = t.getClass().getSimpleName();
            }
        }
        String text = outcome.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (status > 0 ? " (HTTP " + status + ")" : "")
                + (message == null ? "" : ": " + message.replaceAll("\\s+", " ").trim());
        for (ApiKey k : key.stream().toList()) {
            text = k.redact(text);
        }
        return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "..." : text;
    }

    private static String withoutUserInfo(String url) {
        return url == null ? "" : url.replaceFirst("//[^/@]*@", "//");
    }
}
