package dev.lossforge.service.export;

import dev.lossforge.cli.Main;
import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.loss.ProbeResult;
import dev.lossforge.sandbox.LossCompiler;
import dev.lossforge.service.candidate.CodeHash;
import dev.lossforge.service.support.Api;
import dev.lossforge.service.support.ScoredCandidates;
import dev.lossforge.service.support.ScoredCandidates.Row;
import dev.lossforge.service.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.jar.JarInputStream;
import java.util.jar.JarEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The export endpoints over real HTTP, against a real Postgres: what is downloaded loads in a fresh
 * class loader, computes what the candidate computes, and runs in the trainer's evaluate command.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "lossforge.workers.local=0")
class ExportEndpointsTest {

    /** DPO with twice the beta: -log sigmoid(2 beta rho), worked out in plain doubles below. */
    static final String STEEP_DPO = """
            import ai.djl.ndarray.NDArray;
            import dev.lossforge.loss.Ops;
            import dev.lossforge.loss.PreferenceBatch;
            import dev.lossforge.loss.PreferenceLoss;

            public class SteepDpo implements PreferenceLoss {
                static final double SCALE = 2.0;

                public NDArray compute(PreferenceBatch batch) {
                    NDArray rho = Ops.logRatioDifference(batch);
                    return Ops.logSigmoid(rho.mul(SCALE * batch.beta())).neg();
                }
            }
            """;

    static final BatchValues BATCH = new BatchValues(
            new double[] {-10.0, -12.5, -7.25, -20.0, -3.0},
            new double[] {-11.0, -9.0, -7.0, -30.0, -3.5},
            new double[] {-10.5, -12.0, -8.0, -21.0, -2.0},
            new double[] {-10.5, -10.0, -6.0, -25.0, -4.0},
            new double[] {10, 12, 7, 20, 3}, new double[] {11, 9, 7, 30, 4}, null, null, null, 0.1);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    /** Stands in for the evolutionary proposer: it renders one candidate, whose id the test sets. */
    @TestConfiguration
    static class RenderingProposer {
        static volatile long renderedId = -1;

        @Bean
        PythonSource renderer() {
            return id -> id == renderedId ? Optional.of("""
                    import torch.nn.functional as F


                    def loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
                             reference_rejected_logps, beta):
                        rho = (policy_chosen_logps - reference_chosen_logps) - (policy_rejected_logps - reference_rejected_logps)
                        return -F.logsigmoid(2.0 * beta * rho)
                    """) : Optional.empty();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;
    ScoredCandidates rows;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        rows = new ScoredCandidates(jdbc);
    }

    @Test
    void aCandidateJarLoadsInAFreshClassLoaderAndComputesTheSameLosses(@TempDir Path dir) throws Exception {
        long campaign = rows.campaign("steep export");
        Instant finished = Instant.parse("2026-11-20T10:00:00Z");
        long id = rows.add(campaign, Row.scored("steep dpo", STEEP_DPO, 0.25, finished)
                .withHypothesis("twice the beta pushes harder").withSeeds(Map.of("1", 0.2, "2", 0.3)));
        rows.seedResult(id, "bandit:clean", 1, 0.2, Map.of("trueRewardGain", 0.2, "winRate", 0.61));
        rows.seedResult(id, "bandit:clean", 2, 0.3, Map.of("trueRewardGain", 0.3, "winRate", 0.64));
        rows.score(id, "bandit:clean", false, 0.25, 0.15, 0.35, Map.of("1", 0.2, "2", 0.3));

        HttpResponse<byte[]> response = api.bytes("/api/candidates/" + id + "/export.jar");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/java-archive");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"lossforge-steep-dpo.jar\"");
        Path jar = Files.write(dir.resolve("downloaded.jar"), response.body());

        // the original: the candidate's code compiled on its own
        PreferenceLoss original = new LossCompiler().compile(STEEP_DPO).newInstance();
        try (URLClassLoader fresh = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                PreferenceLoss.class.getClassLoader())) {
            List<PreferenceLoss> loaded = new ArrayList<>();
            ServiceLoader.load(PreferenceLoss.class, fresh).forEach(loaded::add);
            assertThat(loaded).hasSize(1);
            PreferenceLoss fromJar = loaded.get(0);
            assertThat(fromJar.getClass().getClassLoader()).isSameAs(fresh);
            assertThat(fromJar.getClass().getName()).startsWith("lossforge.export.c").endsWith(".SteepDpo");

            ProbeResult expected = LossProbe.probe(original, BATCH);
            ProbeResult actual = LossProbe.probe(fromJar, BATCH);
            assertThat(actual.losses()).containsExactly(expected.losses());
            assertThat(actual.gradPolicyChosen()).containsExactly(expected.gradPolicyChosen());
            // and both are -log sigmoid(2 beta rho), worked out here in doubles
            for (int i = 0; i < BATCH.size(); i++) {
                double rho = (BATCH.policyChosenLogps()[i] - BATCH.referenceChosenLogps()[i])
                        - (BATCH.policyRejectedLogps()[i] - BATCH.referenceRejectedLogps()[i]);
                double z = 2 * 0.1 * rho;
                assertThat(actual.losses()[i]).as("pair %d", i).isCloseTo(Math.log1p(Math.exp(-z)), within(1e-12));
            }
        }

        JsonNode info = Api.JSON.readTree(entry(response.body(), "META-INF/lossforge/candidate.json"));
        assertThat(info.get("name").asString()).isEqualTo("steep dpo");
        assertThat(info.get("candidateId").asLong()).isEqualTo(id);
        assertThat(info.get("hypothesis").asString()).isEqualTo("twice the beta pushes harder");
        assertThat(info.get("codeHash").asString()).isEqualTo(CodeHash.of(STEEP_DPO));
        assertThat(info.get("proposer").asString()).isEqualTo("user");
        assertThat(info.get("campaign").get("id").asLong()).isEqualTo(campaign);
        assertThat(info.get("campaign").get("name").asString()).isEqualTo("steep export");
        assertThat(info.get("exportedAt").asString()).isNotBlank();
        assertThat(info.get("createdAt").asString()).isNotBlank();
        JsonNode metrics = info.get("metrics");
        assertThat(metrics.get("summary").get("fitnessMean").asDouble()).isEqualTo(0.25);
        JsonNode task = metrics.get("tasks").get(0);
        assertThat(task.get("task").asString()).isEqualTo("bandit:clean");
        assertThat(task.get("summary").get("fitnessCiHigh").asDouble()).isEqualTo(0.35);
        assertThat(task.get("seeds").findValues("seed")).extracting(JsonNode::asLong).containsExactly(1L, 2L);
        assertThat(task.get("seeds").get(1).get("metrics").get("winRate").asDouble()).isEqualTo(0.64);
        assertThat(task.get("seeds").get(1).get("status").asString()).isEqualTo("COMPLETED");
        assertThat(new String(entry(response.body(), "META-INF/services/dev.lossforge.loss.PreferenceLoss"),
                StandardCharsets.UTF_8).trim()).isEqualTo(info.get("className").asString());

        // the trainer's evaluate command takes the downloaded file as it is
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"evaluate", "--task", "bandit", "--loss", jar.toString(), "--seeds", "3",
                "--set", "steps=20", "--set", "contexts=32", "--set", "evalContexts=32", "--set", "evalEvery=0"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode report = Api.JSON.readTree(out.toString(StandardCharsets.UTF_8));
        JsonNode seed = report.get("seeds").get(0);
        assertThat(seed.get("status").asString()).isEqualTo("COMPLETED");
        // the policy starts as the reference: rho = 0 and -log sigmoid(0) = log 2 at the first step
        assertThat(seed.get("trainingCurve").get(0).get("loss").asDouble()).isCloseTo(Math.log(2), within(1e-6));
        assertThat(seed.get("trainingCurve").size()).isEqualTo(20);
    }

    @Test
    void aCampaignJarHoldsTheBestNInRankOrder() throws Exception {
        long campaign = rows.campaign("top n");
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        rows.add(campaign, Row.scored("dpo", BuiltinLosses.get("dpo").source(), 0.10, t).asBaseline());
        rows.add(campaign, Row.scored("ipo", BuiltinLosses.get("ipo").source(), 0.30, t.plusSeconds(1)).asBaseline());
        rows.add(campaign, Row.scored("hinge", BuiltinLosses.get("hinge").source(), 0.20, t.plusSeconds(2)).asBaseline());
        rows.add(campaign, Row.scored("steep dpo", STEEP_DPO, 0.05, t.plusSeconds(3)));
        rows.add(campaign, Row.unscored("broken", "class Broken {}", "INVALID"));

        HttpResponse<byte[]> top3 = api.bytes("/api/campaigns/" + campaign + "/export.jar?top=3");
        assertThat(top3.statusCode()).isEqualTo(200);
        assertThat(top3.headers().firstValue("Content-Type")).hasValue("application/java-archive");
        assertThat(top3.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"lossforge-campaign-" + campaign + "-top3.jar\"");
        JsonNode index = Api.JSON.readTree(entry(top3.body(), "META-INF/lossforge/candidates.json"));
        assertThat(index.get("count").asInt()).isEqualTo(3);
        assertThat(names(index.get("candidates")))
                .containsExactly("ipo", "hinge", "dpo");
        assertThat(index.get("candidates").findValues("rank")).extracting(JsonNode::asInt).containsExactly(1, 2, 3);

        // ServiceLoader meets them in the same order
        Path jar = Files.createTempFile("top3", ".jar");
        try {
            Files.write(jar, top3.body());
            try (URLClassLoader fresh = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                    PreferenceLoss.class.getClassLoader())) {
                List<String> names = new ArrayList<>();
                ServiceLoader.load(PreferenceLoss.class, fresh).forEach(l -> names.add(l.getClass().getSimpleName()));
                assertThat(names).containsExactly("IpoLoss", "HingeLoss", "DpoLoss");
            }
        } finally {
            Files.deleteIfExists(jar);
        }

        // more than there are: every evaluated one, never the invalid one
        JsonNode all = Api.JSON.readTree(entry(api.bytes("/api/campaigns/" + campaign + "/export.jar?top=10").body(),
                "META-INF/lossforge/candidates.json"));
        assertThat(names(all.get("candidates")))
                .containsExactly("ipo", "hinge", "dpo", "steep dpo");
    }

    @Test
    void badTopUnknownIdsAndUnexportableCandidatesGetProblems() {
        long campaign = rows.campaign("nothing yet");
        long invalid = rows.add(campaign, Row.unscored("broken", "class Broken {}", "INVALID"));

        for (String top : List.of("0", "51", "-2")) {
            Api.Response bad = api.get("/api/campaigns/" + campaign + "/export.jar?top=" + top);
            assertThat(bad.status()).as("top=%s", top).isEqualTo(422);
            assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
            assertThat(bad.body().get("field").asString()).isEqualTo("top");
            assertThat(bad.body().get("detail").asString()).contains("top must be 1..50");
        }
        Api.Response notANumber = api.get("/api/campaigns/" + campaign + "/export.jar?top=many");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.body().get("field").asString()).isEqualTo("top");

        Api.Response empty = api.get("/api/campaigns/" + campaign + "/export.jar?top=3");
        assertThat(empty.status()).isEqualTo(409);
        assertThat(empty.body().get("detail").asString()).contains("no evaluated candidate");

        assertThat(api.get("/api/campaigns/987654/export.jar").status()).isEqualTo(404);
        assertThat(api.get("/api/candidates/987654/export.jar").status()).isEqualTo(404);
        assertThat(api.get("/api/candidates/987654/export.py").status()).isEqualTo(404);

        Api.Response invalidJar = api.get("/api/candidates/" + invalid + "/export.jar");
        assertThat(invalidJar.status()).isEqualTo(409);
        assertThat(invalidJar.body().get("detail").asString()).contains("INVALID");
    }

    @Test
    void pythonForBuiltInsAndRenderedCandidatesA422ForOtherCode() {
        long campaign = rows.campaign("python");
        long dpo = rows.add(campaign, Row.scored("dpo", BuiltinLosses.get("dpo").source(), 0.1, Instant.now()).asBaseline());
        long user = rows.add(campaign, Row.scored("steep dpo", STEEP_DPO, 0.2, Instant.now()));
        long evolved = rows.add(campaign, Row.scored("evolved one", STEEP_DPO.replace("2.0", "2.5"), 0.3, Instant.now()));
        RenderingProposer.renderedId = evolved;

        Api.Response builtin = api.get("/api/candidates/" + dpo + "/export.py");
        assertThat(builtin.status()).isEqualTo(200);
        assertThat(builtin.header("Content-Type")).startsWith("text/x-python");
        assertThat(builtin.header("Content-Disposition")).contains("filename=\"lossforge_dpo.py\"");
        assertThat(builtin.raw()).contains("built-in loss 'dpo'").contains("def loss(\n    policy_chosen_logps")
                .contains("def discopop_loss(\n    self,").contains("Candidate " + dpo + " of campaign " + campaign);

        Api.Response rendered = api.get("/api/candidates/" + evolved + "/export.py");
        assertThat(rendered.status()).isEqualTo(200);
        assertThat(rendered.raw()).startsWith("# LossForge export: evolved one\n")
                .contains("return -F.logsigmoid(2.0 * beta * rho)");

        Api.Response refused = api.get("/api/candidates/" + user + "/export.py");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.body().get("field").asString()).isEqualTo("code");
        assertThat(refused.body().get("detail").asString()).contains("has no PyTorch translation");
        assertThat(refused.body().get("candidateId").asLong()).isEqualTo(user);
        assertThat(refused.body().get("jarExport").asString()).isEqualTo("/api/candidates/" + user + "/export.jar");
    }

    private static List<String> names(JsonNode candidates) {
        List<String> names = new ArrayList<>();
        candidates.forEach(c -> names.add(c.get("name").asString()));
        return names;
    }

    private static byte[] entry(byte[] jar, String name) throws IOException {
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no entry " + name + " in the JAR");
    }
}
