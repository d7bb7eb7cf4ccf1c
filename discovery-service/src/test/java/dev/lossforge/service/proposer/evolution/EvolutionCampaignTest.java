package dev.lossforge.service.proposer.evolution;

import dev.lossforge.service.support.Api;
import dev.lossforge.service.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An evolution campaign through the HTTP API, against a real Postgres and real child-process
 * workers, on a bandit small enough for CI: the baselines first, then the engine's candidates,
 * each stored with its genome, rendered to Java the sandbox compiled, trained by the workers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lossforge.workers.local=2",
        "lossforge.workers.jvm-options=-Xmx512m,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1,-Dai.djl.pytorch.num_threads=1",
        "lossforge.jobs.heartbeat-interval=500ms",
        "lossforge.campaigns.driver-interval=200ms"})
class EvolutionCampaignTest {

    /** Well under a second per run. */
    static final Map<String, Object> TINY = Map.of("steps", 25, "contexts", 32, "evalContexts", 32, "evalEvery", 0);
    static final int BUDGET = 10;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EvolvedPython evolvedPython;

    private record Row(long id, String name, String hypothesis, String code, String proposer, boolean baseline,
                       List<Long> parents, String status, String fingerprint, String metadata) {
    }

    @Test
    void anEvolutionCampaignRunsToTheEndWithGenomesParentsAndNoCanonicalRepeat() {
        Api api = new Api(port);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", "evolution, tiny");
        request.put("task", "bandit:noisy-40");
        request.put("taskConfig", TINY);
        request.put("seeds", List.of(1, 2));
        request.put("baselines", List.of("hinge"));
        request.put("maxCandidates", BUDGET);
        request.put("randomSeed", 7);
        // the engine's own seeds: only cdpo is not a baseline already, so variation starts at once
        request.put("proposerConfig", Map.of("seeds", List.of("dpo", "hinge", "cdpo"), "esProbability", 0.3));
        Api.Response created = api.post("/api/campaigns", request);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("proposer").asString()).isEqualTo("evolution");
        long id = created.body().get("id").asLong();

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() ->
                api.get("/api/campaigns/" + id).body().get("status").asString().equals("COMPLETED"));
        JsonNode campaign = api.get("/api/campaigns/" + id).body();
        assertThat(campaign.get("budget").get("proposed").asInt()).isEqualTo(BUDGET);

        List<Row> rows = rows(id);
        List<Row> baselines = rows.stream().filter(Row::baseline).toList();
        List<Row> evolved = rows.stream().filter(r -> r.proposer().equals("evolution")).toList();
        assertThat(baselines).extracting(Row::name).containsExactly("dpo", "hinge");
        assertThat(evolved).hasSize(BUDGET);
        assertThat(rows).hasSize(BUDGET + 2);
        // baselines first: stored before any proposal, and every baseline job leased before any proposal's
        long lastBaseline = baselines.stream().mapToLong(Row::id).max().orElseThrow();
        assertThat(evolved).allSatisfy(r -> assertThat(r.id()).isGreaterThan(lastBaseline));
        assertThat(leased(id, "min", false)).isAfterOrEqualTo(leased(id, "max", true));
        assertThat(evolved.get(0).name()).isEqualTo("cdpo-seed");

        Map<Long, Row> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        Set<String> canonical = new HashSet<>();
        for (Row b : baselines) {
            assertThat(canonical.add(CanonicalForm.of(SeedLibrary.tree(b.name()).orElseThrow()).key())).isTrue();
        }
        int withParents = 0;
        for (Row r : evolved) {
            // the genome is stored with the candidate, and the stored code is exactly its rendering
            assertThat(r.metadata()).as(r.name()).isNotNull();
            CandidateMetadata.Parsed parsed = CandidateMetadata.parse(r.metadata());
            assertThat(r.code()).isEqualTo(JavaRenderer.render(parsed.genome(), Naming.className(r.name()),
                    r.name() + ": " + r.hypothesis()));
            assertThat(r.code()).contains("public final class " + Naming.className(r.name()) + " implements PreferenceLoss")
                    .contains("public NDArray compute(PreferenceBatch batch)");
            if (!Trees.constants(parsed.genome()).isEmpty()) {
                assertThat(r.code()).contains("static final double ");
            }
            // never two candidates with the same canonical form
            assertThat(canonical.add(CanonicalForm.of(parsed.genome()).key())).as(r.name()).isTrue();
            // compiled and smoke-tested in the service's sandbox (fingerprinted), then by the workers
            assertThat(r.status()).as(r.name()).isIn("EVALUATED", "DUPLICATE");
            assertThat(r.fingerprint()).hasSize(64);
            assertThat(r.parents()).isEqualTo(parsed.origin().parents());
            for (long parent : r.parents()) {
                assertThat(byId).containsKey(parent);
                assertThat(parent).isLessThan(r.id());
            }
            if (!r.parents().isEmpty()) {
                withParents++;
                assertThat(r.hypothesis()).contains("#" + r.parents().get(0));
            }
        }
        assertThat(withParents).isGreaterThanOrEqualTo(BUDGET / 2);
        assertThat(evolved.stream().filter(r -> r.status().equals("EVALUATED")).count()).isGreaterThanOrEqualTo(BUDGET / 2);

        // the API shows the genome and the parents; the leaderboard ranks evolved candidates with the baselines
        Row child = evolved.stream().filter(r -> !r.parents().isEmpty()).findFirst().orElseThrow();
        JsonNode details = api.get("/api/candidates/" + child.id()).body();
        // the same tree; key order is PostgreSQL's (jsonb keeps keys sorted), not the writer's
        assertThat(details.get("metadata").get("genome")).isEqualTo(
                Api.JSON.readTree(GenomeJson.toJson(CandidateMetadata.parse(child.metadata()).genome()).toString()));
        assertThat(details.get("parentIds").get(0).asLong()).isEqualTo(child.parents().get(0));
        JsonNode board = api.get("/api/campaigns/" + id + "/leaderboard?limit=100").body();
        assertThat(board.get("total").asInt()).isEqualTo(BUDGET + 2);
        int evolvedScored = 0;
        for (JsonNode e : board.get("entries")) {
            if (e.get("proposer").asString().equals("evolution") && e.get("status").asString().equals("EVALUATED")) {
                evolvedScored++;
                assertThat(e.get("vsDpo").get("n").asInt()).isEqualTo(2);
            }
        }
        assertThat(evolvedScored).isGreaterThanOrEqualTo(BUDGET / 2);

        // the PyTorch export rebuilds the tree from the stored genome: the proposal's own rendering
        String python = evolvedPython.pythonFor(child.id()).orElseThrow();
        assertThat(python).isEqualTo(PythonRenderer.module(CandidateMetadata.parse(child.metadata()).genome(),
                child.name(), child.hypothesis()));
        assertThat(python).contains("def loss(").contains(child.name() + ": " + child.hypothesis());
        assertThat(evolvedPython.pythonFor(baselines.get(0).id())).isEmpty();
        assertThat(evolvedPython.pythonFor(987_654L)).isEmpty();
        // and the download endpoint serves that module, under the export's header
        Api.Response download = api.get("/api/candidates/" + child.id() + "/export.py");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.raw()).startsWith("# LossForge export: " + child.name() + "\n").endsWith(python);
    }

    private List<Row> rows(long campaignId) {
        return jdbc.sql("""
                        select id, name, hypothesis, code, proposer, baseline, parent_ids, status, fingerprint,
                            metadata::text as metadata
                        from candidate where campaign_id = :c order by id""")
                .param("c", campaignId)
                .query((rs, n) -> {
                    List<Long> parents = new ArrayList<>(List.of((Long[]) rs.getArray("parent_ids").getArray()));
                    return new Row(rs.getLong("id"), rs.getString("name"), rs.getString("hypothesis"),
                            rs.getString("code"), rs.getString("proposer"), rs.getBoolean("baseline"), parents,
                            rs.getString("status"), rs.getString("fingerprint"), rs.getString("metadata"));
                }).list();
    }

    /** The first or last lease of the campaign's baseline jobs, or of its other jobs. */
    private OffsetDateTime leased(long campaignId, String which, boolean baseline) {
        return jdbc.sql("select " + which + "(j.leased_at) from evaluation_job j join candidate c on c.id = j.candidate_id"
                        + " where j.campaign_id = :c and c.baseline = :b")
                .param("c", campaignId).param("b", baseline).query(OffsetDateTime.class).single();
    }
}
