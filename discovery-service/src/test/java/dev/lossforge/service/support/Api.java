package dev.lossforge.service.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Real HTTP against the service under test, JSON in and out. */
public final class Api {

    /** A response: status, parsed body (null when empty or not JSON), raw body. */
    public record Response(int status, JsonNode body, String raw, HttpResponse<String> http) {
        public String header(String name) {
            return http.headers().firstValue(name).orElse(null);
        }
    }

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Api(int port) {
        this.base = "http://localhost:" + port;
    }

    public String base() {
        return base;
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), Map.of());
    }

    public Response post(String path, Object body) {
        return post(path, body, Map.of());
    }

    /** {@code body} as a String is sent as is (malformed JSON, say); anything else is written as JSON. */
    public Response post(String path, Object body, Map<String, String> headers) {
        String text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)), headers);
    }

    private Response send(HttpRequest.Builder builder, Map<String, String> headers) {
        headers.forEach(builder::header);
        builder.timeout(Duration.ofSeconds(60));
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            String raw = response.body();
            if (raw != null && !raw.isBlank() && (raw.startsWith("{") || raw.startsWith("["))) {
                body = JSON.readTree(raw);
            }
            return new Response(response.statusCode(), body, raw, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
