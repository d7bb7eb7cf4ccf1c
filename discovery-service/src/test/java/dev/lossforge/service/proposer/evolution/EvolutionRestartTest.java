package dev.lossforge.service.proposer.evolution;

import dev.lossforge.service.LossForgeApplication;
import dev.lossforge.service.support.Api;
import dev.lossforge.service.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The evolution proposer keeps its search in Postgres: a service stopped in the middle of a
 * campaign and started again on the same database goes on with exactly the proposals an
 * uninterrupted service makes for the same campaign. No workers run here, so that the stream
 * depends on the seed and the stored candidates alone (with fitness coming in, it also depends on
 * when each result arrives; the engine's tests cover that path in memory).
 */
class EvolutionRestartTest {

    private static final int BUDGET = 30;

    /** What must be the same in both streams: ids differ, so parents are given by their position. */
    private record Step(String name, String genome, String operator, List<Integer> parentPositions, String status) {
    }

    @Test
    void aRestartedServiceContinuesTheSameStreamOfProposals() {
        TestDatabase.Coordinates db = TestDatabase.fresh();
        long interrupted;
        int beforeRestart;
        try (ConfigurableApplicationContext first = start(db)) {
            Api api = new Api(port(first));
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            interrupted = create(api, "interrupted");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                    proposed(jdbc, interrupted) >= 3);
        }
        try (ConfigurableApplicationContext second = start(db)) {
            Api api = new Api(port(second));
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            beforeRestart = proposed(jdbc, interrupted);
            assertThat(beforeRestart).as("proposals stored before the restart").isBetween(3, BUDGET - 1);
            await().atMost(Duration.ofSeconds(90)).until(() -> proposed(jdbc, interrupted) == BUDGET);

            long straight = create(api, "uninterrupted");
            await().atMost(Duration.ofSeconds(90)).until(() -> proposed(jdbc, straight) == BUDGET);

            List<Step> resumed = steps(jdbc, interrupted);
            List<Step> reference = steps(jdbc, straight);
            assertThat(resumed).hasSize(BUDGET);
            assertThat(resumed).isEqualTo(reference);
            // past the one seed the settings leave, the proposals are variations of stored trees
            assertThat(resumed.subList(beforeRestart, BUDGET)).anySatisfy(s ->
                    assertThat(s.parentPositions()).isNotEmpty());
            api.post("/api/campaigns/" + interrupted + "/cancel", "");
            api.post("/api/campaigns/" + straight + "/cancel", "");
        }
    }

    private static long create(Api api, String name) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        request.put("task", "bandit:mixed-quality");
        request.put("taskConfig", Map.of("steps", 10));
        request.put("seeds", List.of(1, 2));
        request.put("baselines", List.of("hinge"));
        request.put("maxCandidates", BUDGET);
        request.put("randomSeed", 11);
        request.put("proposerConfig", Map.of("seeds", List.of("dpo", "hinge", "ipo")));
        Api.Response created = api.post("/api/campaigns", request);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("proposer").asString()).isEqualTo("evolution");
        return created.body().get("id").asLong();
    }

    private static int proposed(JdbcClient jdbc, long campaign) {
        return jdbc.sql("select count(*) from candidate where campaign_id = :c and proposer = 'evolution'")
                .param("c", campaign).query(Integer.class).single();
    }

    private static List<Step> steps(JdbcClient jdbc, long campaign) {
        List<Long> ids = jdbc.sql("select id from candidate where campaign_id = :c order by id").param("c", campaign)
                .query(Long.class).list();
        List<Step> steps = new ArrayList<>();
        jdbc.sql("""
                        select name, parent_ids, status, metadata::text as metadata from candidate
                        where campaign_id = :c and proposer = 'evolution' order by id""")
                .param("c", campaign)
                .query((rs, n) -> {
                    List<Integer> positions = new ArrayList<>();
                    for (Long parent : (Long[]) rs.getArray("parent_ids").getArray()) {
                        positions.add(ids.indexOf(parent));
                    }
                    CandidateMetadata.Parsed parsed = CandidateMetadata.parse(rs.getString("metadata"));
                    return new Step(rs.getString("name"), GenomeJson.toJson(parsed.genome()).toString(),
                            parsed.origin().operator().key(), positions, rs.getString("status"));
                }).list().forEach(steps::add);
        return steps;
    }

    private static ConfigurableApplicationContext start(TestDatabase.Coordinates db) {
        return new SpringApplicationBuilder(LossForgeApplication.class).run(
                "--server.port=0",
                "--lossforge.database.url=" + db.url(),
                "--lossforge.database.username=" + db.username(),
                "--lossforge.database.password=" + db.password(),
                "--lossforge.workers.local=0",
                // nothing trains here: let the driver propose the whole budget without waiting for workers
                "--lossforge.campaigns.queue-depth=1000",
                "--lossforge.campaigns.driver-interval=100ms");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
