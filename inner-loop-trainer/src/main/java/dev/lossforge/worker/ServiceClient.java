package dev.lossforge.worker;

import dev.lossforge.worker.protocol.Heartbeat;
import dev.lossforge.worker.protocol.HeartbeatReply;
import dev.lossforge.worker.protocol.JobFailure;
import dev.lossforge.worker.protocol.JobLease;
import dev.lossforge.worker.protocol.JobResult;
import dev.lossforge.worker.protocol.LeaseRequest;
import dev.lossforge.worker.protocol.ReportReply;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** The worker's side of the protocol in dev.lossforge.worker.protocol, over the JDK's HTTP client. */
public final class ServiceClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String authorization;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public ServiceClient(URI base, String token) {
        String url = base.toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.authorization = "Bearer " + token;
        // HTTP/1.1: a kept-alive connection with no h2c upgrade attempts (the service speaks 1.1)
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** Long poll: empty when no job came up within the request's wait. */
    public Optional<JobLease> lease(LeaseRequest request) throws ServiceException {
        Duration timeout = REQUEST_TIMEOUT.plusSeconds(Math.max(0, request.waitSeconds()));
        HttpResponse<String> response = post("api/worker/lease", request, timeout);
        if (response.statusCode() == 204) {
            return Optional.empty();
        }
        return Optional.of(read(response, JobLease.class));
    }

    public HeartbeatReply heartbeat(long jobId, Heartbeat heartbeat) throws ServiceException {
        return read(post("api/worker/jobs/" + jobId + "/heartbeat", heartbeat, REQUEST_TIMEOUT), HeartbeatReply.class);
    }

    public ReportReply result(long jobId, JobResult result) throws ServiceException {
        return read(post("api/worker/jobs/" + jobId + "/result", result, REQUEST_TIMEOUT), ReportReply.class);
    }

    public ReportReply failure(long jobId, JobFailure failure) throws ServiceException {
        return read(post("api/worker/jobs/" + jobId + "/failure", failure, REQUEST_TIMEOUT), ReportReply.class);
    }

    public URI base() {
        return base;
    }

    private HttpResponse<String> post(String path, Object body, Duration timeout) throws ServiceException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new ServiceException(0, "no answer from " + base + " within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new ServiceException(0, "cannot reach " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(0, "interrupted", e);
        }
        if (response.statusCode() >= 300) {
            throw new ServiceException(response.statusCode(), "HTTP " + response.statusCode() + " from " + path + ": "
                    + detail(response.body()), null);
        }
        return response;
    }

    private <T> T read(HttpResponse<String> response, Class<T> type) throws ServiceException {
        try {
            return json.readValue(response.body(), type);
        } catch (JacksonException e) {
            throw new ServiceException(502, "unreadable answer from the service: " + e.getOriginalMessage(), e);
        }
    }

    private String detail(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        try {
            JsonNode node = json.readTree(body);
            JsonNode detail = node.get("detail");
            return detail != null && detail.isString() ? detail.asString() : body;
        } catch (JacksonException e) {
            return body.length() > 300 ? body.substring(0, 300) + "..." : body;
        }
    }
}
