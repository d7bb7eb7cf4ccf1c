package dev.lossforge.service.campaign;

import dev.lossforge.service.LossForgeApplication;
import dev.lossforge.service.support.Api;
import dev.lossforge.service.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping the service in the middle of a campaign and starting another one on the same
 * database resumes it: nothing lost, nothing twice.
 */
class RestartResumeTest {

    @Test
    void aCampaignInterruptedByARestartResumesWithNoLostOrDuplicatedCandidateOrResult() {
        TestDatabase.Coordinates db = TestDatabase.fresh();
        long id;
        int resultsBefore;
        try (ConfigurableApplicationContext first = start(db)) {
            Api api = new Api(port(first));
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("name", "restart");
            request.put("task", "bandit:mixed-quality");
            request.put("taskConfig", Map.of("steps", 150, "contexts", 32, "evalContexts", 32, "evalEvery", 0));
            request.put("seeds", List.of(3, 4));
            request.put("baselines", List.of("hinge"));
            request.put("maxCandidates", 4);
            Api.Response created = api.post("/api/campaigns", request);
            assertThat(created.status()).isEqualTo(201);
            id = created.body().get("id").asLong();
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() ->
                    results(jdbc, id) >= 3);
            assertThat(api.get("/api/campaigns/" + id).body().get("status").asString()).isEqualTo("RUNNING");
            resultsBefore = results(jdbc, id);
        }

        try (ConfigurableApplicationContext second = start(db)) {
            Api api = new Api(port(second));
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(results(jdbc, id)).isGreaterThanOrEqualTo(resultsBefore);
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() ->
                    api.get("/api/campaigns/" + id).body().get("status").asString().equals("COMPLETED"));

            JsonNode campaign = api.get("/api/campaigns/" + id).body();
            assertThat(campaign.get("budget").get("proposed").asInt()).isEqualTo(4);
            assertThat(campaign.get("candidates").get("EVALUATED").asInt()).isEqualTo(6);
            List<String> names = jdbc.sql("select name from candidate where campaign_id = :c order by id")
                    .param("c", id).query(String.class).list();
            // dpo and hinge, then the library in order, skipping what is there: robust-dpo, cdpo, ipo, exo
            assertThat(names).containsExactly("dpo", "hinge", "robust-dpo", "cdpo", "ipo", "exo");
            assertThat(jdbc.sql("select count(*) from evaluation_job where campaign_id = :c").param("c", id)
                    .query(Integer.class).single()).isEqualTo(12);
            assertThat(jdbc.sql("select count(*) from evaluation_job where campaign_id = :c and state = 'SUCCEEDED'")
                    .param("c", id).query(Integer.class).single()).isEqualTo(12);
            assertThat(results(jdbc, id)).isEqualTo(12);
            assertThat(jdbc.sql("""
                            select count(*) from evaluation_job j
                            where j.campaign_id = :c and not exists (select 1 from evaluation_result r where r.job_id = j.id)""")
                    .param("c", id).query(Integer.class).single()).isZero();
            assertThat(jdbc.sql("select count(*) from campaign_event where campaign_id = :c and type = 'campaign.status' "
                    + "and payload ->> 'status' = 'COMPLETED'").param("c", id).query(Integer.class).single()).isEqualTo(1);
        }
    }

    private static int results(JdbcClient jdbc, long campaignId) {
        return jdbc.sql("select count(*) from evaluation_result where campaign_id = :c").param("c", campaignId)
                .query(Integer.class).single();
    }

    private static ConfigurableApplicationContext start(TestDatabase.Coordinates db) {
        // command-line arguments: they outrank application.yaml, default properties do not
        return new SpringApplicationBuilder(LossForgeApplication.class).run(
                "--server.port=0",
                "--lossforge.database.url=" + db.url(),
                "--lossforge.database.username=" + db.username(),
                "--lossforge.database.password=" + db.password(),
                "--lossforge.workers.local=1",
                "--lossforge.workers.jvm-options=-Xmx512m,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1,"
                        + "-Dai.djl.pytorch.num_threads=1",
                "--lossforge.jobs.lease-duration=5s",
                "--lossforge.jobs.heartbeat-interval=500ms",
                "--lossforge.jobs.reaper-interval=300ms",
                "--lossforge.campaigns.driver-interval=200ms");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
