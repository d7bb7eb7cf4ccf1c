package dev.lossforge.service.proposer.llm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local HTTP server that speaks the OpenAI chat-completions, Anthropic messages and Ollama chat
 * APIs well enough for LangChain4j's real clients, replaying scripted steps in order and keeping
 * every request it received.
 */
final class FakeLlmServer implements AutoCloseable {

    static final String OPENAI_PATH = "/v1/chat/completions";
    static final String ANTHROPIC_PATH = "/v1/messages";
    static final String OLLAMA_PATH = "/api/chat";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One scripted answer. */
    record Step(int status, String text, long inputTokens, long outputTokens, long delayMillis, String errorBody,
                boolean truncated) {

        static Step reply(String text) {
            return new Step(200, text, 100, 50, 0, null, false);
        }

        static Step reply(String text, long inputTokens, long outputTokens) {
            return new Step(200, text, inputTokens, outputTokens, 0, null, false);
        }

        static Step truncatedReply(String text) {
            return new Step(200, text, 100, 50, 0, null, true);
        }

        static Step error(int status, String message) {
            return new Step(status, null, 0, 0, 0, message, false);
        }

        Step delayed(long millis) {
            return new Step(status, text, inputTokens, outputTokens, millis, errorBody, truncated);
        }
    }

    /** A request as the server saw it. */
    record Received(String path, Map<String, String> headers, JsonNode body) {

        /** The texts of the messages, system prompt first, in every protocol's layout. */
        List<String> messageTexts() {
            List<String> texts = new ArrayList<>();
            if (body.has("system")) {
                texts.add(text(body.get("system")));
            }
            for (JsonNode message : body.get("messages")) {
                texts.add(text(message.get("content")));
            }
            return texts;
        }

        List<String> roles() {
            List<String> roles = new ArrayList<>();
            if (body.has("system")) {
                roles.add("system");
            }
            for (JsonNode message : body.get("messages")) {
                roles.add(message.get("role").asString());
            }
            return roles;
        }

        String lastMessageText() {
            List<String> texts = messageTexts();
            return texts.get(texts.size() - 1);
        }

        private static String text(JsonNode content) {
            if (content.isString()) {
                return content.asString();
            }
            StringBuilder out = new StringBuilder();
            for (JsonNode block : content) {
                if (block.has("text")) {
                    out.append(block.get("text").asString());
                }
            }
            return out.toString();
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Step> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Step whenEmpty = Step.error(500, "the fake server's script is exhausted");
    private volatile Function<Received, Step> responder;
    private volatile CountDownLatch gathering = new CountDownLatch(0);

    FakeLlmServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext(OPENAI_PATH, exchange -> handle(exchange, Protocol.OPENAI));
        server.createContext(ANTHROPIC_PATH, exchange -> handle(exchange, Protocol.ANTHROPIC));
        server.createContext(OLLAMA_PATH, exchange -> handle(exchange, Protocol.OLLAMA));
        server.setExecutor(executor);
        server.start();
    }

    enum Protocol { OPENAI, ANTHROPIC, OLLAMA }

    FakeLlmServer then(Step... steps) {
        script.addAll(List.of(steps));
        return this;
    }

    FakeLlmServer replyAll(String text) {
        return then(Step.reply(text));
    }

    /**
     * Holds every answer until {@code requests} requests are open at once (or 10 s have passed), so
     * that a test sees how many a client sends concurrently without relying on timing.
     */
    FakeLlmServer holdUntilConcurrent(int requests) {
        gathering = new CountDownLatch(requests);
        return this;
    }

    /** Answers chosen from the request itself, once the script is used up (before {@link #whenEmpty}). */
    FakeLlmServer respondWith(Function<Received, Step> responder) {
        this.responder = responder;
        return this;
    }

    /** What to answer once the script is used up (default: HTTP 500). */
    FakeLlmServer whenEmpty(Step step) {
        whenEmpty = step;
        return this;
    }

    String openAiBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    String anthropicBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
    }

    String ollamaBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String baseUrlFor(LlmProvider provider) {
        return switch (provider) {
            case OPENAI, OPENAI_COMPATIBLE -> openAiBaseUrl();
            case ANTHROPIC -> anthropicBaseUrl();
            case OLLAMA -> ollamaBaseUrl();
        };
    }

    synchronized List<Received> requests() {
        return List.copyOf(received);
    }

    int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    int pendingSteps() {
        return script.size();
    }

    private void handle(HttpExchange exchange, Protocol protocol) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = JSON.readTree(new String(raw, StandardCharsets.UTF_8));
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            Received request = new Received(exchange.getRequestURI().getPath(), headers, body);
            synchronized (this) {
                received.add(request);
            }
            CountDownLatch latch = gathering;
            latch.countDown();
            try {
                latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Step step = script.poll();
            if (step == null && responder != null) {
                step = responder.apply(request);
            }
            if (step == null) {
                step = whenEmpty;
            }
            if (step.delayMillis() > 0) {
                try {
                    Thread.sleep(step.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String model = body.has("model") ? body.get("model").asString() : "unknown";
            String answer = step.status() == 200 ? success(protocol, model, step) : error(protocol, step);
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(step.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientWentAway) {
            // a client that timed out closed the connection; nothing to answer
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static String success(Protocol protocol, String model, Step step) {
        ObjectNode root = JSON.createObjectNode();
        switch (protocol) {
            case OPENAI -> {
                root.put("id", "chatcmpl-fake");
                root.put("object", "chat.completion");
                root.put("created", 1_700_000_000L);
                root.put("model", model);
                ArrayNode choices = root.putArray("choices");
                ObjectNode choice = choices.addObject();
                choice.put("index", 0);
                ObjectNode message = choice.putObject("message");
                message.put("role", "assistant");
                message.put("content", step.text());
                choice.put("finish_reason", step.truncated() ? "length" : "stop");
                ObjectNode usage = root.putObject("usage");
                usage.put("prompt_tokens", step.inputTokens());
                usage.put("completion_tokens", step.outputTokens());
                usage.put("total_tokens", step.inputTokens() + step.outputTokens());
            }
            case ANTHROPIC -> {
                root.put("id", "msg_fake");
                root.put("type", "message");
                root.put("role", "assistant");
                root.put("model", model);
                ObjectNode block = root.putArray("content").addObject();
                block.put("type", "text");
                block.put("text", step.text());
                root.put("stop_reason", step.truncated() ? "max_tokens" : "end_turn");
                root.putNull("stop_sequence");
                ObjectNode usage = root.putObject("usage");
                usage.put("input_tokens", step.inputTokens());
                usage.put("output_tokens", step.outputTokens());
            }
            case OLLAMA -> {
                root.put("model", model);
                root.put("created_at", "2026-11-22T00:00:00Z");
                ObjectNode message = root.putObject("message");
                message.put("role", "assistant");
                message.put("content", step.text());
                root.put("done", true);
                root.put("done_reason", step.truncated() ? "length" : "stop");
                root.put("prompt_eval_count", step.inputTokens());
                root.put("eval_count", step.outputTokens());
            }
        }
        return JSON.writeValueAsString(root);
    }

    private static String error(Protocol protocol, Step step) {
        ObjectNode root = JSON.createObjectNode();
        switch (protocol) {
            case OPENAI -> {
                ObjectNode error = root.putObject("error");
                error.put("message", step.errorBody());
                error.put("type", "fake_error");
            }
            case ANTHROPIC -> {
                root.put("type", "error");
                ObjectNode error = root.putObject("error");
                error.put("type", "fake_error");
                error.put("message", step.errorBody());
            }
            case OLLAMA -> root.put("error", step.errorBody());
        }
        return JSON.writeValueAsString(root);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
