package dev.lossforge.service.mainjob;

import dev.lossforge.service.support.Api;
import dev.lossforge.service.support.SseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The main job on a fresh machine. {@code discovery-service.jar} starts as the README starts it,
 * on an empty home directory (HOME and user.home: no database, no cache), with no database URL, no
 * LLM and no configuration but a free port; then the README's own curl tour runs against it,
 * request by request as parsed from README.md, and its campaign runs to COMPLETED. Each request
 * of the tour must have an expectation here and each expectation a request, so the tour and the
 * service cannot drift apart unnoticed.
 */
class MainJobIT {

    /** Student's t, 97.5% quantile, 2 degrees of freedom (three seeds), from the table. */
    private static final double T_975_DF2 = 4.302652729911275;
    private static final Duration CAMPAIGN_LIMIT = Duration.ofMinutes(5);
    private static final Set<String> EVENT_TYPES = Set.of("campaign.created", "campaign.status", "campaign.phase",
            "candidate.proposed", "candidate.validated", "candidate.started", "candidate.progress",
            "candidate.finished", "job.finished", "job.retried");

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private ServiceProcess service;
    private SseClient live;
    private String address;
    private JsonNode launched;
    private final List<Long> userCandidates = new ArrayList<>();
    /** Where the tour's {@code curl -OJ} saves files and its trainer commands run. */
    private Path downloads;

    /** What the service answered to one request. */
    private record Reply(int status, String contentType, String body, JsonNode json) {
    }

    private interface Expectation {
        void check(ReadmeTour.Request request, Reply reply) throws Exception;
    }

    @AfterEach
    void cleanUp() {
        if (live != null) {
            live.close();
        }
        if (service != null) {
            service.close();
        }
        Leftovers.end(temp);
    }

    @Test
    void theReadmeTourRunsOnAFreshMachineToACompletedCampaign() throws Exception {
        ReadmeTour tour = ReadmeTour.load(ServiceProcess.repositoryRoot().resolve("README.md"));

        // mvn ... package && java -jar discovery-service/target/discovery-service.jar &
        assertThat(tour.launch().build()).as(tour.launch().text()).contains("mvn", "package");
        assertThat(ServiceProcess.repositoryRoot().resolve(tour.launch().jar()).normalize())
                .as("the jar the tour starts is the one this build made").isEqualTo(ServiceProcess.serviceJar());
        Path home = temp.resolve("home");
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        int port = ServiceProcess.freePort();
        // a fresh machine: even the temporary directory (where the PostgreSQL binaries unpack) is new
        service = ServiceProcess.start(home, tour.launch().jar(), port, List.of("-Djava.io.tmpdir=" + tmp),
                List.of(), Map.of(), "main-job");
        service.awaitReady();
        Path pgdata = home.resolve(".lossforge").resolve("pgdata");
        assertThat(pgdata.resolve("PG_VERSION")).as("the embedded cluster under ~/.lossforge/pgdata").exists();
        assertThat(service.log()).contains("Creating the embedded PostgreSQL cluster in " + pgdata);
        // its one local worker is a child JVM with the service's home, so its cache starts empty too
        await("the local worker process").atMost(Duration.ofMinutes(1))
                .until(() -> service.workerProcesses().size() == 1);
        assertThat(service.workerProcesses().get(0).info().commandLine().orElseThrow())
                .contains("-Duser.home=" + home + " ");
        address = "localhost:" + port;

        Map<String, Expectation> expectations = expectations();
        Set<String> used = new LinkedHashSet<>();
        downloads = Files.createDirectories(temp.resolve("downloads"));
        for (ReadmeTour.Request request : tour.requests()) {
            if (request.curl() != null) {
                assertThat(request.curl().address()).as("the tour talks to the service's default port: %s",
                        request.text()).isEqualTo("localhost:8080");
            }
            Expectation expectation = expectations.get(request.key());
            if (expectation == null) {
                fail("the README's tour sends '%s', which this test has no expectation for: add one to "
                        + "MainJobIT.expectations()", request.text());
            }
            used.add(request.key());
            if (request.key().equals("POST /api/campaigns/1/candidates")) {
                // "Add your own loss while it runs": as a reader would, after the campaign has started
                awaitStatus("RUNNING", Duration.ofMinutes(2));
            }
            try {
                expectation.check(request, request.curl() == null || request.curl().stream() ? null
                        : request.curl().download() ? download(request) : send(request));
            } catch (AssertionError e) {
                throw new AssertionError("README tour: " + request.text() + "\n" + e.getMessage()
                        + "\n" + service.logTail(), e);
            }
        }
        assertThat(used).as("expectations with no request left in the README's tour")
                .containsExactlyInAnyOrderElementsOf(expectations.keySet());

        // "When status says COMPLETED, the leaderboard is final and the held-out scores are in each
        // candidate's scores."
        awaitStatus("COMPLETED", CAMPAIGN_LIMIT);
        checkCompletedCampaign(tour);
        checkEventStream();

        service.stop();
        assertThat(service.log()).contains("Embedded PostgreSQL on port");
        await("no process of the service left").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Leftovers.of(temp)).as("%s", Leftovers.describe(Leftovers.of(temp)))
                        .isEmpty());
    }

    private Map<String, Expectation> expectations() {
        Map<String, Expectation> e = new LinkedHashMap<>();
        e.put("GET /actuator/health", (request, reply) -> {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("status").asString()).isEqualTo("UP");
            assertThat(reply.json().at("/components/db/status").asString()).isEqualTo("UP");
            assertThat(reply.json().at("/components/db/details/database").asString()).isEqualTo("PostgreSQL");
        });
        e.put("POST /api/campaigns", (request, reply) -> {
            JsonNode asked = Api.JSON.readTree(request.curl().body());
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            launched = reply.json();
            assertThat(launched.get("id").asLong()).as("a fresh machine's first campaign, as the tour's later "
                    + "commands assume").isEqualTo(1);
            assertThat(launched.get("name").asString()).isEqualTo(asked.get("name").asString());
            assertThat(launched.get("task").asString()).isEqualTo(asked.get("task").asString());
            assertThat(launched.get("taskConfig")).isEqualTo(asked.get("taskConfig"));
            assertThat(launched.get("seeds")).isEqualTo(asked.get("seeds"));
            assertThat(launched.get("maxCandidates").asInt()).isEqualTo(asked.get("maxCandidates").asInt());
            assertThat(launched.get("heldOutTop").asInt()).isEqualTo(asked.get("heldOutTop").asInt());
            List<String> baselines = new ArrayList<>(List.of("dpo"));
            asked.get("baselines").values().forEach(b -> baselines.add(b.asString()));
            assertThat(strings(launched.get("baselines"))).as("dpo always, first").containsExactlyElementsOf(baselines);
            assertThat(launched.get("heldOutTasks").values().stream().map(t -> t.get("task").asString()).toList())
                    .containsExactlyElementsOf(strings(asked.get("heldOutTasks")));
            assertThat(launched.get("status").asString()).isIn("QUEUED", "RUNNING");
        });
        e.put("GET /api/campaigns/1/events", (request, reply) -> {
            live = new SseClient(uri(request), request.curl().headers());
            HttpResponse<?> response = live.response();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            await("the first event").atMost(Duration.ofMinutes(1)).until(() -> !live.events().isEmpty());
            SseClient.Event first = live.events().get(0);
            assertThat(first.type()).isEqualTo("campaign.created");
            assertThat(first.data().get("campaignId").asLong()).isEqualTo(1);
        });
        e.put("GET /api/campaigns/1", (request, reply) -> {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("id").asLong()).isEqualTo(1);
            assertThat(reply.json().get("status").asString()).isIn("QUEUED", "RUNNING");
            assertThat(reply.json().get("candidates").isObject()).as("counts by candidate status").isTrue();
            assertThat(reply.json().has("best")).as("best so far").isTrue();
            assertThat(reply.json().at("/budget/maxCandidates").asInt()).isEqualTo(launched.get("maxCandidates").asInt());
            assertThat(reply.json().at("/budget/proposed").asInt()).isBetween(0, launched.get("maxCandidates").asInt());
        });
        e.put("POST /api/campaigns/1/candidates", (request, reply) -> {
            JsonNode asked = Api.JSON.readTree(request.curl().body());
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            assertThat(reply.json().get("name").asString()).isEqualTo(asked.get("name").asString());
            assertThat(reply.json().get("campaignId").asLong()).isEqualTo(1);
            assertThat(reply.json().get("status").asString()).as("a good loss is queued").isEqualTo("QUEUED");
            assertThat(reply.json().get("proposer").asString()).isEqualTo("user");
            userCandidates.add(reply.json().get("id").asLong());
        });
        e.put("GET /api/campaigns/1/leaderboard", (request, reply) -> {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("campaignId").asLong()).isEqualTo(1);
            assertThat(reply.json().get("limit").asInt()).isEqualTo(10);
            assertThat(reply.json().get("offset").asInt()).isZero();
            assertRanked(reply.json().get("entries"));
        });
        e.put("GET /api/candidates/1", (request, reply) -> {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("campaignId").asLong()).isEqualTo(1);
            assertThat(reply.json().get("name").asString()).as("the first baseline").isEqualTo("dpo");
            assertThat(reply.json().get("code").asString()).contains("class DpoLoss implements PreferenceLoss");
            assertThat(reply.json().get("status").asString()).isIn("QUEUED", "RUNNING", "EVALUATED");
            assertThat(reply.json().get("runs").size()).as("one run per seed").isEqualTo(launched.get("seeds").size());
        });
        e.put("GET /api/candidates/1/curve", (request, reply) -> {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("name").asString()).isEqualTo("dpo");
            double beta = reply.json().get("beta").asDouble();
            assertThat(beta).as("the campaign's beta").isEqualTo(launched.get("beta").asDouble());
            JsonNode points = reply.json().get("points");
            assertThat(points.size()).as("rho = -10, -9.9, ..., 10").isEqualTo(201);
            for (int k = 0; k < points.size(); k++) {
                JsonNode p = points.get(k);
                double rho = -10 + 0.1 * k;
                // DPO: softplus(-beta rho), slope -beta sigmoid(-beta rho)
                double loss = Math.log1p(Math.exp(-beta * rho));
                double slope = -beta / (1 + Math.exp(beta * rho));
                assertThat(p.get("rho").asDouble()).isCloseTo(rho, within(1e-9));
                assertThat(p.get("loss").asDouble()).as("loss at %s", rho).isCloseTo(loss, within(1e-9));
                assertThat(p.get("dLossDRho").asDouble()).as("slope at %s", rho).isCloseTo(slope, within(1e-9));
            }
        });
        e.put("POST /api/campaigns/1/pause", (request, reply) -> {
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().get("status").asString()).isEqualTo("PAUSED");
            assertThat(get("/api/campaigns/1").get("status").asString()).isEqualTo("PAUSED");
        });
        e.put("POST /api/campaigns/1/resume", (request, reply) -> {
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().get("status").asString()).isEqualTo("RUNNING");
        });
        e.put("GET /api/workers", (request, reply) -> {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().isArray()).isTrue();
            // a worker is listed once it has asked for work: on a fresh machine it first unpacks PyTorch
            await("the local worker among the workers").atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                Reply now = send(request);
                List<JsonNode> local = now.json().values().stream().filter(w -> w.get("local").asBoolean()).toList();
                assertThat(local).as("the one local worker the service starts: %s", now.body()).hasSize(1);
                assertThat(local.get(0).get("name").asString()).isEqualTo("local-1");
            });
        });
        e.put("GET /actuator/prometheus", (request, reply) -> {
            assertThat(reply.status()).isEqualTo(200);
            List<String> lines = reply.body().lines().filter(l -> request.grep().matcher(l).find()).toList();
            assertThat(lines).as("what grep keeps").isNotEmpty().allMatch(l -> l.startsWith("lossforge_"));
            assertThat(lines).anyMatch(l -> l.startsWith("lossforge_jobs{") && l.contains("state=\"queued\""));
            assertThat(lines).anyMatch(l -> l.startsWith("lossforge_jobs_failed{"));
            assertThat(lines).anyMatch(l -> l.startsWith("lossforge_workers "));
            await("lossforge_workers to count the local worker").atMost(Duration.ofMinutes(1)).until(() ->
                    send(request).body().lines().filter(l -> l.startsWith("lossforge_workers "))
                            .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
                            .anyMatch(v -> v >= 1));
        });
        e.put("GET /api/candidates/4/export.jar", (request, reply) -> {
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("application/java-archive");
            assertThat(reply.body()).as("the saved file").matches("lossforge-.+\\.jar");
            assertThat(zipEntries(downloads.resolve(reply.body()))).contains("META-INF/lossforge/candidate.json",
                    "META-INF/services/dev.lossforge.loss.PreferenceLoss");
        });
        e.put("GET /api/campaigns/1/export.jar", (request, reply) -> {
            Reply saved = reply;
            if (saved.status() == 409) {
                // 409 until one candidate is evaluated: a reader who asks too early asks again
                await("an evaluated candidate to export").atMost(CAMPAIGN_LIMIT).pollInterval(Duration.ofSeconds(2))
                        .until(() -> download(request).status() == 200);
                saved = download(request);
            }
            assertThat(saved.status()).as(saved.body()).isEqualTo(200);
            assertThat(saved.body()).as("the name the README's next command uses").isEqualTo("lossforge-campaign-1-top5.jar");
            assertThat(zipEntries(downloads.resolve(saved.body()))).contains("META-INF/lossforge/candidates.json");
        });
        e.put("java evaluate", (request, reply) -> {
            // the trainer loads the downloaded JAR's first loss and trains it, as the reader's shell would
            List<String> command = new ArrayList<>(request.trainer());
            command.set(2, ServiceProcess.repositoryRoot().resolve(ReadmeTour.TRAINER_JAR).toString());
            command.add("--set");
            command.add("steps=40");
            Path out = temp.resolve("evaluate.json");
            Process p = new ProcessBuilder(command).directory(downloads.toFile())
                    .redirectOutput(out.toFile()).redirectError(temp.resolve("evaluate.err").toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("evaluate did not end within 5 minutes");
            }
            assertThat(p.exitValue()).as(Files.readString(temp.resolve("evaluate.err"))).isZero();
            JsonNode report = Api.JSON.readTree(Files.readString(out));
            assertThat(report.get("fitness").get("mean").isNumber()).as(report.toString()).isTrue();
        });
        e.put("GET /api/candidates/1/export.py", (request, reply) -> {
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("text/x-python");
            assertThat(reply.body()).contains("built-in loss 'dpo'").contains("def loss(");
        });
        return e;
    }

    /** The leaderboard, candidates, runs and held-out scores of the finished tour, each number recomputed. */
    private void checkCompletedCampaign(ReadmeTour tour) {
        JsonNode campaign = get("/api/campaigns/1");
        int seeds = launched.get("seeds").size();
        int candidates = launched.get("baselines").size() + launched.get("maxCandidates").asInt() + userCandidates.size();
        int heldOutCandidates = launched.get("heldOutTop").asInt() + 1;
        int heldOutJobs = heldOutCandidates * seeds * launched.get("heldOutTasks").size();
        assertThat(campaign.get("phase").asString()).isEqualTo("DONE");
        assertThat(campaign.at("/candidates/EVALUATED").asInt()).as(campaign.toString()).isEqualTo(candidates);
        assertThat(campaign.get("candidates").size()).as("no candidate in another status").isEqualTo(1);
        assertThat(campaign.at("/budget/proposed").asInt()).isEqualTo(launched.get("maxCandidates").asInt());
        assertThat(campaign.at("/budget/jobs/SUCCEEDED").asInt()).isEqualTo(candidates * seeds + heldOutJobs);
        assertThat(campaign.at("/budget/jobs").size()).as("no job in another state").isEqualTo(1);

        ReadmeTour.Request leaderboardRequest = tour.requests().stream()
                .filter(r -> r.key().equals("GET /api/campaigns/1/leaderboard")).findFirst().orElseThrow();
        JsonNode leaderboard = send(leaderboardRequest).json();
        JsonNode entries = leaderboard.get("entries");
        assertThat(leaderboard.get("total").asInt()).isEqualTo(candidates);
        assertThat(entries.size()).isEqualTo(Math.min(10, candidates));
        assertRanked(entries);
        // past the README's first page: DPO need not be among the ten best
        entries = get("/api/campaigns/1/leaderboard?limit=100").get("entries");
        assertThat(entries.size()).isEqualTo(candidates);
        assertRanked(entries);

        Map<String, Double> dpoSeeds = null;
        Map<Long, JsonNode> details = new HashMap<>();
        for (JsonNode entry : entries.values()) {
            long id = entry.get("candidateId").asLong();
            JsonNode candidate = get("/api/candidates/" + id);
            details.put(id, candidate);
            if (candidate.get("name").asString().equals("dpo")) {
                dpoSeeds = perSeed(entry);
            }
        }
        assertThat(dpoSeeds).as("DPO on the leaderboard").isNotNull();
        assertThat(details.keySet()).containsAll(userCandidates);

        for (JsonNode entry : entries.values()) {
            JsonNode candidate = details.get(entry.get("candidateId").asLong());
            String name = entry.get("name").asString();
            assertThat(entry.get("status").asString()).isEqualTo("EVALUATED");
            // per-seed values are what the worker reported for each run, and the bandit's fitness is trueRewardGain
            Map<String, Double> reported = new HashMap<>();
            for (JsonNode run : candidate.get("runs").values()) {
                assertThat(run.get("state").asString()).as("%s %s", name, run).isEqualTo("SUCCEEDED");
                JsonNode result = run.get("result");
                assertThat(result.get("status").asString()).isEqualTo("COMPLETED");
                assertThat(result.get("fitness").asDouble())
                        .isEqualTo(result.at("/metrics/trueRewardGain").asDouble());
                assertThat(result.get("trainingCurve").size()).as("training curve of %s", name).isPositive();
                if (!run.get("heldOut").asBoolean()) {
                    reported.put(run.get("seed").asString(), result.get("fitness").asDouble());
                }
            }
            Map<String, Double> values = perSeed(entry);
            assertThat(values).as("per-seed fitness of %s", name).isEqualTo(reported);
            assertThat(values).hasSize(seeds);

            double[] x = values.values().stream().mapToDouble(Double::doubleValue).toArray();
            double mean = mean(x);
            double half = T_975_DF2 * sd(x) / Math.sqrt(x.length);
            assertThat(entry.at("/fitness/mean").asDouble()).as("mean of %s", name).isCloseTo(mean, within(1e-9));
            assertThat(entry.at("/fitness/ciLow").asDouble()).isCloseTo(mean - half, within(1e-9));
            assertThat(entry.at("/fitness/ciHigh").asDouble()).isCloseTo(mean + half, within(1e-9));

            Map<String, Double> dpo = dpoSeeds;
            double[] d = values.keySet().stream().mapToDouble(s -> values.get(s) - dpo.get(s)).toArray();
            assertThat(entry.at("/vsDpo/meanDifference").asDouble()).as("difference of %s against DPO", name)
                    .isCloseTo(mean(d), within(1e-9));
            if (!name.equals("dpo")) {
                double t = mean(d) / (sd(d) / Math.sqrt(d.length));
                // two-sided p of Student's t with 2 degrees of freedom: 1 - |t| / sqrt(2 + t^2)
                double p = 1 - Math.abs(t) / Math.sqrt(2 + t * t);
                assertThat(entry.at("/vsDpo/pValue").asDouble()).as("p-value of %s", name).isCloseTo(p, within(1e-6));
            }
        }

        // DPO and the best heldOutTop others were re-evaluated on the held-out task, and no one else
        String heldOutTask = launched.at("/heldOutTasks/0/task").asString();
        Set<String> expected = new LinkedHashSet<>(List.of("dpo"));
        entries.values().stream().map(en -> en.get("name").asString()).filter(n -> !n.equals("dpo"))
                .limit(launched.get("heldOutTop").asInt()).forEach(expected::add);
        Set<String> heldOut = new HashSet<>();
        for (JsonNode candidate : details.values()) {
            for (JsonNode score : candidate.get("scores").values()) {
                if (score.get("heldOut").asBoolean()) {
                    assertThat(score.get("task").asString()).isEqualTo(heldOutTask);
                    assertThat(score.at("/fitness/n").asInt()).isEqualTo(seeds);
                    heldOut.add(candidate.get("name").asString());
                }
            }
        }
        assertThat(heldOut).as("candidates with held-out scores").isEqualTo(expected);
    }

    /** The live stream saw the whole campaign; reconnecting with Last-Event-ID resumes after that event. */
    private void checkEventStream() throws Exception {
        await("campaign.status COMPLETED on the live stream").atMost(Duration.ofMinutes(1)).until(() ->
                live.events().stream().anyMatch(ev -> ev.type().equals("campaign.status")
                        && ev.data().at("/payload/status").asString().equals("COMPLETED")));
        List<SseClient.Event> events = live.events();
        assertThat(events).extracting(SseClient.Event::type).allMatch(EVENT_TYPES::contains);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).id()).as("event ids increase").isGreaterThan(events.get(i - 1).id());
        }
        assertThat(events.stream().map(SseClient.Event::type).collect(Collectors.toSet()))
                .contains("candidate.proposed", "candidate.validated", "candidate.started", "candidate.finished",
                        "job.finished", "campaign.phase");
        try (SseClient resumed = new SseClient(URI.create("http://" + address + "/api/campaigns/1/events"),
                Map.of("Last-Event-ID", Long.toString(events.get(0).id())))) {
            await("events after the first").atMost(Duration.ofMinutes(1)).until(() -> resumed.events().size() >= 2);
            assertThat(resumed.events().get(0).id()).isEqualTo(events.get(1).id());
            assertThat(resumed.events().get(0).type()).isEqualTo(events.get(1).type());
            assertThat(resumed.events().get(1).id()).isEqualTo(events.get(2).id());
        }
    }

    private static void assertRanked(JsonNode entries) {
        List<Double> means = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            assertThat(entry.get("rank").asLong()).isEqualTo(i + 1);
            JsonNode mean = entry.at("/fitness/mean");
            if (!mean.isMissingNode() && !mean.isNull()) {
                means.add(mean.asDouble());
            }
        }
        for (int i = 1; i < means.size(); i++) {
            assertThat(means.get(i)).as("ranked by mean fitness").isLessThanOrEqualTo(means.get(i - 1));
        }
    }

    private static Map<String, Double> perSeed(JsonNode entry) {
        Map<String, Double> values = new HashMap<>();
        entry.at("/fitness/perSeed").properties().forEach(p -> values.put(p.getKey(), p.getValue().asDouble()));
        return values;
    }

    private static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    private static double sd(double[] x) {
        double m = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (x.length - 1));
    }

    private static List<String> strings(JsonNode array) {
        return array.values().stream().map(JsonNode::asString).toList();
    }

    private void awaitStatus(String status, Duration limit) {
        await("campaign 1 " + status).atMost(limit).pollInterval(Duration.ofMillis(500)).until(() -> {
            String now = get("/api/campaigns/1").get("status").asString();
            if (!now.equals(status) && (now.equals("FAILED") || now.equals("CANCELLED") || now.equals("COMPLETED"))) {
                throw new AssertionError("campaign 1 ended " + now + " while waiting for " + status + ": "
                        + get("/api/campaigns/1") + "\n" + service.logTail());
            }
            return now.equals(status);
        });
    }

    private URI uri(ReadmeTour.Request request) {
        return URI.create("http://" + address + request.curl().path());
    }

    private JsonNode get(String path) {
        Reply reply = exchange(HttpRequest.newBuilder(URI.create("http://" + address + path)).GET().build());
        assertThat(reply.status()).as("GET %s: %s", path, reply.body()).isEqualTo(200);
        return reply.json();
    }

    private Reply send(ReadmeTour.Request request) {
        CurlRequest curl = request.curl();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(request)).timeout(Duration.ofSeconds(60))
                .header("Accept", "*/*")
                .method(curl.method(), curl.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(curl.body(), StandardCharsets.UTF_8));
        curl.headers().forEach(builder::header);
        return exchange(builder.build());
    }

    /** {@code curl -sOJ}: saves the body under the Content-Disposition name; the reply's body is that name. */
    private Reply download(ReadmeTour.Request request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri(request)).timeout(Duration.ofSeconds(60))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != 200) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            return new Reply(response.statusCode(), type, body, type.contains("json") ? Api.JSON.readTree(body) : null);
        }
        Matcher name = Pattern.compile("filename=\"([^\"/]+)\"")
                .matcher(response.headers().firstValue("Content-Disposition").orElse(""));
        assertThat(name.find()).as("a Content-Disposition file name for curl -J").isTrue();
        Files.write(downloads.resolve(name.group(1)), response.body());
        return new Reply(200, type, name.group(1), null);
    }

    private static List<String> zipEntries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }

    private Reply exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = type.contains("json") && !body.isBlank() ? Api.JSON.readTree(body) : null;
            return new Reply(response.statusCode(), type, body, json);
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e + "\n"
                    + service.logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
