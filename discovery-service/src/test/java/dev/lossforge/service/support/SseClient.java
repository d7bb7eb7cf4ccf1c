package dev.lossforge.service.support;

import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads a server-sent event stream over real HTTP in the background. */
public final class SseClient implements AutoCloseable {

    /** One event as received. */
    public record Event(long id, String type, JsonNode data) {
    }

    private final List<Event> events = new ArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    public SseClient(String url, Long lastEventId) {
        this(URI.create(url), lastEventId == null ? Map.of("Accept", "text/event-stream")
                : Map.of("Accept", "text/event-stream", "Last-Event-ID", Long.toString(lastEventId)));
    }

    /** With exactly these request headers (as curl sends them: {@code Accept: *}{@code /*} unless given). */
    public SseClient(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (!headers.containsKey("Accept")) {
            request.header("Accept", "*/*");
        }
        headers.forEach(request::header);
        response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            lines = response.join().body();
            long[] id = {-1};
            String[] type = {null};
            StringBuilder data = new StringBuilder();
            lines.forEach(line -> {
                if (line.startsWith("id:")) {
                    id[0] = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("event:")) {
                    type[0] = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                } else if (line.isEmpty() && data.length() > 0) {
                    Event event = new Event(id[0], type[0], Api.JSON.readTree(data.toString()));
                    synchronized (events) {
                        events.add(event);
                    }
                    data.setLength(0);
                    type[0] = null;
                }
            });
        } catch (RuntimeException e) {
            // the stream closed
        }
    }

    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public int status() {
        return response.join().statusCode();
    }

    /** The response's head, once it has come (at most a minute). */
    public HttpResponse<Stream<String>> response() throws Exception {
        return response.get(1, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        response.cancel(true);
        Stream<String> s = lines;
        if (s != null) {
            s.close();
        }
    }
}
