package dev.lossforge.service;

import dev.lossforge.service.event.EventLog;
import dev.lossforge.service.support.Api;
import dev.lossforge.service.support.ScoredCandidates;
import dev.lossforge.service.support.ScoredCandidates.Row;
import dev.lossforge.service.support.SseClient;
import dev.lossforge.service.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * What the web page reads besides the campaign API itself: the launch form's lists, a built-in's
 * curve, the leaderboard sorted and searched, the best-so-far series, the newest event id and a
 * candidate's relatives. Numbers come from rows written with known values, never from the code
 * under test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lossforge.workers.local=0",
        "lossforge.campaigns.driver-interval=200ms"})
class PageDataEndpointsTest {

    static final String CODE = "class X {}";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EventLog events;

    Api api;
    ScoredCandidates rows;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        rows = new ScoredCandidates(jdbc);
    }

    @Test
    void theLaunchFormListsTasksVariantsSettingsLossesProposersAndDefaults() {
        JsonNode tasks = api.get("/api/tasks").body();
        JsonNode bandit = only(tasks, "name", "bandit");
        assertThat(bandit.get("primaryMetric").asString()).isEqualTo("trueRewardGain");
        assertThat(bandit.get("defaultVariant").asString()).isEqualTo("clean");
        assertThat(values(bandit.get("variants"), "name"))
                .containsExactly("clean", "noisy-20", "noisy-40", "mixed-quality", "soft-labels");
        JsonNode noisy = only(bandit.get("variants"), "name", "noisy-40");
        assertThat(noisy.get("spec").asString()).isEqualTo("bandit:noisy-40");
        // the README's table of settings
        assertThat(setting(noisy, "flipRate").get("defaultValue").asDouble()).isEqualTo(0.4);
        assertThat(setting(noisy, "flipRate").get("type").asString()).isEqualTo("number");
        assertThat(setting(noisy, "steps").get("defaultValue").asInt()).isEqualTo(400);
        assertThat(setting(noisy, "steps").get("type").asString()).isEqualTo("integer");
        assertThat(setting(noisy, "softLabels").get("type").asString()).isEqualTo("boolean");
        assertThat(setting(only(bandit.get("variants"), "name", "clean"), "flipRate").get("defaultValue").asDouble())
                .isZero();
        assertThat(values(noisy.get("settings"), "name")).startsWith("contexts", "pairsPerContext", "evalContexts");

        JsonNode losses = api.get("/api/losses").body();
        assertThat(losses.size()).isEqualTo(25);
        assertThat(losses.get(0).get("name").asString()).isEqualTo("dpo");
        List<String> defaults = new ArrayList<>();
        losses.forEach(l -> {
            if (l.get("defaultBaseline").asBoolean()) {
                defaults.add(l.get("name").asString());
            }
        });
        assertThat(defaults).containsExactlyInAnyOrder("dpo", "ipo", "hinge", "robust-dpo", "lrml");
        assertThat(only(losses, "name", "ddo-rm").get("needsRewards").asBoolean()).isTrue();
        assertThat(only(losses, "name", "aql").get("batchStatistics").asBoolean()).isTrue();
        assertThat(only(losses, "name", "simpo").get("referenceFree").asBoolean()).isTrue();

        JsonNode proposers = api.get("/api/proposers").body();
        assertThat(values(proposers, "name")).contains("baselines", "evolution", "llm");
        for (String proposer : List.of("baselines", "evolution", "llm")) {
            assertThat(only(proposers, "name", proposer).get("available").asBoolean()).as(proposer).isTrue();
        }
        assertThat(only(proposers, "name", "evolution").get("isDefault").asBoolean()).isTrue();
        assertThat(only(proposers, "name", "baselines").get("isDefault").asBoolean()).isFalse();

        JsonNode defaultsDoc = api.get("/api/campaign-defaults").body();
        assertThat(defaultsDoc.get("seeds").toString()).isEqualTo("[42,13,3407]");
        assertThat(defaultsDoc.get("maxCandidates").asInt()).isEqualTo(20);
        assertThat(defaultsDoc.get("maxCandidatesLimit").asInt()).isEqualTo(10000);
        assertThat(defaultsDoc.get("beta").asDouble()).isEqualTo(0.1);
        assertThat(defaultsDoc.get("proposer").asString()).isEqualTo("evolution");
    }

    @Test
    void aBuiltInLossCurveIsDposFormulaOverRho() {
        JsonNode curve = api.get("/api/losses/dpo/curve?beta=0.1").body();
        assertThat(curve.get("points").size()).isEqualTo(201);
        for (JsonNode p : curve.get("points")) {
            double rho = p.get("rho").asDouble();
            // -log sigmoid(beta rho) and its slope -beta sigmoid(-beta rho), in doubles
            assertThat(p.get("loss").asDouble()).as("rho %s", rho).isCloseTo(Math.log1p(Math.exp(-0.1 * rho)), within(1e-9));
            assertThat(p.get("dLossDRho").asDouble()).as("rho %s", rho)
                    .isCloseTo(-0.1 / (1 + Math.exp(0.1 * rho)), within(1e-9));
        }
        Api.Response unknown = api.get("/api/losses/nope/curve");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("detail").asString()).contains("'nope'").contains("dpo");
        Api.Response badBeta = api.get("/api/losses/dpo/curve?beta=-1");
        assertThat(badBeta.status()).isEqualTo(422);
        assertThat(badBeta.body().get("field").asString()).isEqualTo("beta");
        // ddo-rm needs reward scores, which the curve's setting has none of
        assertThat(api.get("/api/losses/ddo-rm/curve").status()).isEqualTo(409);
    }

    @Test
    void theLeaderboardSortsSearchesAndFiltersWhileEachEntryKeepsItsRank() {
        long c = rows.campaign("board");
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        rows.add(c, Row.scored("alpha", CODE, 0.5, t).withDelta(0.2, 0.01).withHypothesis("sharper margin"));
        rows.add(c, Row.scored("bravo", CODE, 0.3, t).withDelta(-0.1, 0.20));
        rows.add(c, Row.scored("charlie", CODE, 0.1, t).withDelta(0.05, 0.90));
        rows.add(c, Row.unscored("delta", CODE, "QUEUED"));
        rows.add(c, Row.scored("echo", CODE, 0.4, t).withHypothesis("a margin that adapts"));
        rows.add(c, Row.scored("50% hinge", CODE, 0.2, t).withDelta(0.1, 0.04));
        String board = "/api/campaigns/" + c + "/leaderboard";

        JsonNode ranked = api.get(board).body();
        assertThat(entries(ranked, "name")).containsExactly("alpha", "echo", "bravo", "50% hinge", "charlie", "delta");
        assertThat(entries(ranked, "rank")).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(ranked.get("total").asInt()).isEqualTo(6);
        assertThat(ranked.get("sort").asString()).isEqualTo("rank");

        JsonNode byName = api.get(board + "?sort=name").body();
        assertThat(entries(byName, "name")).containsExactly("50% hinge", "alpha", "bravo", "charlie", "delta", "echo");
        assertThat(entries(byName, "rank")).containsExactly("4", "1", "3", "5", "6", "2");
        assertThat(entries(api.get(board + "?sort=name&order=desc&limit=2&offset=1").body(), "name"))
                .containsExactly("delta", "charlie");

        // differences against DPO: largest first, those without one last
        assertThat(entries(api.get(board + "?sort=delta").body(), "name"))
                .containsExactly("alpha", "50% hinge", "charlie", "bravo", "echo", "delta");
        assertThat(entries(api.get(board + "?sort=pValue").body(), "name"))
                .startsWith("alpha", "50% hinge", "bravo", "charlie");
        assertThat(entries(api.get(board + "?sort=rank&order=desc").body(), "name"))
                .containsExactly("delta", "charlie", "50% hinge", "bravo", "echo", "alpha");

        // search in names and hypotheses, case-insensitive; % and _ are literal
        JsonNode margin = api.get(board + "?q=MARGIN").body();
        assertThat(entries(margin, "name")).containsExactly("alpha", "echo");
        assertThat(entries(margin, "rank")).containsExactly("1", "2");
        assertThat(margin.get("total").asInt()).isEqualTo(2);
        assertThat(entries(api.get(board + "?q=%25").body(), "name")).containsExactly("50% hinge");
        assertThat(api.get(board + "?q=_").body().get("total").asInt()).isZero();

        JsonNode queued = api.get(board + "?status=queued").body();
        assertThat(entries(queued, "name")).containsExactly("delta");
        assertThat(entries(queued, "rank")).containsExactly("6");
        assertThat(queued.get("status").asString()).isEqualTo("QUEUED");

        for (String[] bad : List.of(new String[] {"sort=fitness", "sort"}, new String[] {"order=up", "order"},
                new String[] {"status=GOOD", "status"}, new String[] {"q=" + "x".repeat(201), "q"})) {
            Api.Response r = api.get(board + "?" + bad[0]);
            assertThat(r.status()).as(bad[0]).isEqualTo(422);
            assertThat(r.body().get("field").asString()).isEqualTo(bad[1]);
        }
    }

    @Test
    void bestSoFarIsTheRunningMaximumInTheOrderCandidatesFinished() {
        long c = rows.campaign("best");
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        double[] fitness = {0.2, 0.1, 0.5, 0.3, 0.6};
        // inserted out of order: the series follows finishing time, not id
        int[] order = {3, 0, 4, 1, 2};
        for (int i : order) {
            rows.add(c, Row.scored("c" + i, CODE, fitness[i], t.plusSeconds(i)));
        }
        rows.add(c, Row.unscored("waiting", CODE, "QUEUED"));
        JsonNode series = api.get("/api/campaigns/" + c + "/best-so-far").body();
        assertThat(series.get("evaluated").asInt()).isEqualTo(5);
        JsonNode points = series.get("points");
        assertThat(values(points, "name")).containsExactly("c0", "c1", "c2", "c3", "c4");
        assertThat(values(points, "n")).containsExactly("1", "2", "3", "4", "5");
        assertThat(values(points, "best")).containsExactly("0.2", "0.2", "0.5", "0.5", "0.6");
        assertThat(values(points, "improved")).containsExactly("true", "false", "true", "false", "true");

        // a long campaign: improvements, every third point (25 / 10 rounded up) and the last
        long big = rows.campaign("long");
        for (int i = 1; i <= 25; i++) {
            rows.add(big, Row.scored("k" + i, CODE, i <= 3 ? i : 0.0, t.plusSeconds(i)));
        }
        JsonNode thinned = api.get("/api/campaigns/" + big + "/best-so-far?maxPoints=10").body();
        assertThat(values(thinned.get("points"), "n"))
                .containsExactly("1", "2", "3", "6", "9", "12", "15", "18", "21", "24", "25");
        assertThat(api.get("/api/campaigns/" + big + "/best-so-far?maxPoints=5").status()).isEqualTo(422);
        assertThat(api.get("/api/campaigns/987654/best-so-far").status()).isEqualTo(404);
    }

    @Test
    void theNewestEventIdLetsAPageFollowWithoutReplayingTheLog() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", "follow me");
        request.put("task", "bandit");
        request.put("seeds", List.of(1));
        request.put("baselines", List.of());
        request.put("maxCandidates", 0);
        long id = api.post("/api/campaigns", request).body().get("id").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/api/campaigns/" + id).body().get("status").asString().equals("RUNNING"));
        events.flush();
        long last = api.get("/api/campaigns/" + id + "/events/last").body().get("lastEventId").asLong();
        long stored = jdbc.sql("select max(id) from campaign_event where campaign_id = :c").param("c", id)
                .query(Long.class).single();
        assertThat(last).isEqualTo(stored);

        try (SseClient live = new SseClient(api.base() + "/api/campaigns/" + id + "/events?lastEventId=" + last, null)) {
            assertThat(live.status()).isEqualTo(200);
            assertThat(api.post("/api/campaigns/" + id + "/pause", "").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> !live.events().isEmpty());
            SseClient.Event first = live.events().get(0);
            assertThat(first.type()).isEqualTo("campaign.status");
            assertThat(first.id()).isGreaterThan(last);
            assertThat(first.data().get("payload").get("status").asString()).isEqualTo("PAUSED");
        }
        assertThat(api.get("/api/campaigns/987654/events/last").status()).isEqualTo(404);
    }

    @Test
    void aCandidateNamesItsParentsAndChildren() {
        long c = rows.campaign("family");
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        long parent = rows.add(c, Row.scored("parent", CODE, 0.3, t));
        long other = rows.add(c, Row.scored("other parent", CODE, 0.2, t));
        long child = rows.add(c, Row.unscored("child", CODE, "QUEUED"));
        jdbc.sql("update candidate set parent_ids = array[:a, :b]::bigint[] where id = :c")
                .param("a", parent).param("b", other).param("c", child).update();

        JsonNode kid = api.get("/api/candidates/" + child).body();
        assertThat(values(kid.get("parents"), "name")).containsExactly("parent", "other parent");
        assertThat(kid.get("parents").get(0).get("fitnessMean").asDouble()).isEqualTo(0.3);
        assertThat(kid.get("parents").get(0).get("status").asString()).isEqualTo("EVALUATED");
        assertThat(kid.get("children").size()).isZero();
        JsonNode mum = api.get("/api/candidates/" + parent).body();
        assertThat(values(mum.get("children"), "id")).containsExactly(Long.toString(child));
        assertThat(mum.get("childIds").toString()).isEqualTo("[" + child + "]");
    }

    private static JsonNode only(JsonNode array, String key, String value) {
        for (JsonNode n : array) {
            if (n.get(key).asString().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no element with " + key + " = " + value + " in " + array);
    }

    private static JsonNode setting(JsonNode variant, String name) {
        return only(variant.get("settings"), "name", name);
    }

    private static List<String> values(JsonNode array, String key) {
        return map(array, n -> n.get(key).asString());
    }

    private static List<String> entries(JsonNode board, String key) {
        return values(board.get("entries"), key);
    }

    private static List<String> map(JsonNode array, Function<JsonNode, String> f) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(f.apply(n)));
        return out;
    }
}
