package dev.lossforge.service.webpage;

import dev.lossforge.service.support.Api;
import dev.lossforge.service.support.Browser;
import dev.lossforge.service.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web page in headless Chromium against the real service: real Postgres, a real child-process
 * worker, a tiny bandit. A campaign is launched from the form, its leaderboard fills in live from
 * the event stream, and a candidate's page shows its code and charts. Each page is saved as a
 * screenshot under target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lossforge.workers.local=1",
        "lossforge.workers.jvm-options=-Xmx512m,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1,-Dai.djl.pytorch.num_threads=1",
        "lossforge.jobs.heartbeat-interval=200ms",
        "lossforge.campaigns.driver-interval=200ms"})
class WebPageBrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static Browser browser;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    String base() {
        return "http://localhost:" + port;
    }

    @Test
    void launchACampaignFromTheFormWatchItsLeaderboardFillInLiveAndOpenACandidate() {
        browser.open(base() + "/");
        browser.find("a[data-nav='new']").click();
        browser.waitForPage();
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/new");

        // the form: DPO and IPO as baselines, two more from the library, two seeds, a tiny bandit
        WebElement name = browser.find("#campaign-name");
        name.clear();
        name.sendKeys("browser campaign");
        new Select(browser.find("#campaign-task")).selectByValue("bandit");
        new Select(browser.find("#campaign-variant")).selectByValue("noisy-40");
        new Select(browser.find("#campaign-proposer")).selectByValue("baselines");
        replace("#campaign-seeds", "1, 2");
        replace("#campaign-budget", "2");
        for (String unchecked : List.of("hinge", "robust-dpo", "lrml")) {
            WebElement box = browser.find("#baseline-" + unchecked);
            if (box.isSelected()) {
                box.click();
            }
        }
        assertThat(browser.find("#baseline-dpo").isSelected()).isTrue();
        assertThat(browser.find("#baseline-dpo").isEnabled()).as("dpo is always a baseline").isFalse();
        assertThat(browser.find("#baseline-ipo").isSelected()).isTrue();
        browser.find("#task-settings summary").click();
        Map<String, String> tiny = Map.of("steps", "30", "contexts", "32", "evalContexts", "32", "evalEvery", "10");
        tiny.forEach((key, value) -> replace("#setting-" + key, value));
        assertThat(browser.find("#task-settings summary").getText()).contains("bandit:noisy-40", "trueRewardGain");
        browser.screenshot("02-launch-form");

        browser.find("#launch").click();
        browser.waitUntil(Duration.ofSeconds(30), d -> d.getCurrentUrl().matches(".*#/campaigns/\\d+(\\?.*)?$"));
        browser.waitForPage();
        long id = Long.parseLong(browser.driver().getCurrentUrl().replaceAll(".*#/campaigns/(\\d+).*", "$1"));
        JsonNode created = new Api(port).get("/api/campaigns/" + id).body();
        assertThat(created.get("name").asString()).isEqualTo("browser campaign");
        assertThat(created.get("task").asString()).isEqualTo("bandit:noisy-40");
        assertThat(created.get("seeds").toString()).isEqualTo("[1,2]");
        assertThat(created.get("baselines").toString()).isEqualTo("[\"dpo\",\"ipo\"]");
        assertThat(created.get("maxCandidates").asInt()).isEqualTo(2);
        assertThat(created.get("taskConfig").get("steps").asInt()).isEqualTo(30);
        assertThat(created.get("taskConfig").has("learningRate")).as("unchanged settings are not sent").isFalse();

        // a marker that a reload would lose: every later change must arrive without one
        browser.script("window.__sameDocument = true");
        pauseAndResume();

        // the leaderboard fills in as results arrive over the event stream
        browser.waitUntil(Duration.ofMinutes(3), d -> browser.findAll("#leaderboard tbody tr[data-status='EVALUATED']").size() >= 1);
        if (!"COMPLETED".equals(statusText())) {
            browser.screenshot("03-campaign-running");
        }
        browser.waitUntil(Duration.ofMinutes(4), d -> "COMPLETED".equals(statusText())
                && browser.findAll("#leaderboard tbody tr").size() == 4
                && browser.findAll("#leaderboard tbody tr[data-status='QUEUED'], #leaderboard tbody tr[data-status='RUNNING']").isEmpty());
        assertThat(browser.script("return window.__sameDocument === true")).as("no reload").isEqualTo(true);
        int events = Integer.parseInt(browser.find("#live").getDomAttribute("data-events"));
        assertThat(events).as("updates received over the event stream").isGreaterThan(10);
        assertThat(browser.find("#live").getDomAttribute("data-state")).isEqualTo("open");

        List<WebElement> rows = browser.findAll("#leaderboard tbody tr");
        List<String> names = rows.stream().map(r -> r.findElement(By.cssSelector("th a")).getText()).toList();
        assertThat(names).contains("dpo", "ipo");
        long evaluated = rows.stream().filter(r -> "EVALUATED".equals(r.getDomAttribute("data-status"))).count();
        assertThat(evaluated).isGreaterThanOrEqualTo(3);
        // ranks follow fitness, each evaluated row has its interval drawn, and DPO's own difference is 0
        assertThat(rows.get(0).findElement(By.cssSelector("td")).getText()).isEqualTo("1");
        assertThat(browser.findAll("#leaderboard svg.ci-bar")).hasSize((int) evaluated);
        WebElement dpoRow = rows.get(names.indexOf("dpo"));
        assertThat(dpoRow.findElements(By.cssSelector("td")).get(5).getText()).isEqualTo("0");

        // the chart follows the same events, redrawn at most once a second
        browser.waitUntil(Duration.ofSeconds(10), d -> List.of((int) evaluated, (int) evaluated)
                .equals(browser.chart("chart-best").points()));
        Browser.ChartState best = browser.chart("chart-best");
        assertThat(best.visible()).isTrue();
        assertThat(best.labels()).containsExactly("Best so far", "Candidate");
        assertThat(best.points()).containsExactly((int) evaluated, (int) evaluated);
        assertThat(best.painted()).as("pixels drawn on the best-so-far chart").isGreaterThan(best.area() / 50);
        browser.screenshot("03-campaign");

        // search and sort on the server, in place
        WebElement search = browser.find("#board-search");
        search.sendKeys("ipo");
        browser.waitUntil(Duration.ofSeconds(10), d -> browser.findAll("#leaderboard tbody tr").size() == 1);
        assertThat(browser.find("#leaderboard tbody th a").getText()).isEqualTo("ipo");
        assertThat(browser.driver().getCurrentUrl()).contains("q=ipo");
        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        browser.waitUntil(Duration.ofSeconds(10), d -> browser.findAll("#leaderboard tbody tr").size() == 4);
        browser.find("button.sort[data-sort='name']").click();
        browser.waitUntil(Duration.ofSeconds(10), d -> "ascending".equals(
                browser.find("button.sort[data-sort='name']").findElement(By.xpath("..")).getDomAttribute("aria-sort")));
        List<String> sorted = browser.findAll("#leaderboard tbody th a").stream().map(WebElement::getText).toList();
        assertThat(sorted).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
        browser.find("button.sort[data-sort='rank']").click();
        browser.waitUntil(Duration.ofSeconds(10), d -> "descending".equals(
                browser.find("button.sort[data-sort='rank']").findElement(By.xpath("..")).getDomAttribute("aria-sort")));
        assertThat(browser.findAll("#leaderboard tbody tr td:first-child").stream().map(WebElement::getText).toList())
                .containsExactly("1", "2", "3", "4");

        // the best candidate's page
        String top = browser.waitUntil(Duration.ofSeconds(10), d -> {
            WebElement link = browser.find("#leaderboard tbody tr th a");
            String text = link.getText();
            link.click();
            return text;
        });
        browser.waitForPage();
        assertThat(browser.find("h1").getText()).startsWith(top);
        assertThat(browser.findAll("pre.code code.hljs .hljs-keyword")).as("highlighted code").isNotEmpty();
        assertThat(browser.find("pre.code code").getText()).contains("implements PreferenceLoss");

        Browser.ChartState loss = browser.chart("chart-loss");
        Browser.ChartState gradient = browser.chart("chart-gradient");
        List<String> expectedCurves = top.equals("dpo") ? List.of("dpo") : List.of(top, "DPO");
        for (Browser.ChartState curve : List.of(loss, gradient)) {
            assertThat(curve.labels()).containsExactlyElementsOf(expectedCurves);
            assertThat(curve.points()).allMatch(n -> n == 201);
            assertThat(curve.painted()).isGreaterThan(curve.area() / 50);
        }
        Browser.ChartState training = browser.chart("chart-training");
        assertThat(training.labels()).containsExactly("seed 1", "seed 2");
        assertThat(training.points()).containsExactly(30, 30);
        assertThat(training.painted()).isGreaterThan(training.area() / 50);
        Browser.ChartState evaluation = browser.chart("chart-eval");
        assertThat(evaluation.points()).containsExactly(4, 4); // steps 0, 10, 20, 30
        assertThat(browser.findAll("#metrics table.metrics tbody tr")).hasSize(2);
        assertThat(browser.find("#metrics table.metrics thead").getText()).contains("trueRewardGain", "winRate");
        assertThat(browser.find("#export-jar").isEnabled()).isTrue();
        browser.screenshot("04-candidate");

        browser.find("a[data-nav='campaigns']").click();
        browser.waitForPage();
        WebElement row = browser.find("#campaigns tbody tr[data-campaign-id='" + id + "']");
        assertThat(row.getText()).contains("browser campaign", "COMPLETED", "bandit:noisy-40");
        browser.screenshot("01-campaigns");
    }

    @Test
    void theFormPointsEachErrorAtItsInputAndLaunchesNothing() {
        Api api = new Api(port);
        long before = api.get("/api/campaigns").body().get("total").asLong();
        browser.open(base() + "/#/new");

        replace("#campaign-seeds", "1, two");
        browser.find("#launch").click();
        browser.waitUntil(Duration.ofSeconds(10), d -> !browser.findAll("#form-errors [role='alert']").isEmpty());
        assertThat(browser.find("#campaign-seeds").getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#campaign-seeds-error").getText()).contains("whole numbers");

        // the service's own checks come back as a problem whose fields point at the inputs
        replace("#campaign-seeds", "1");
        replace("#campaign-budget", "99999999");
        browser.find("#task-settings summary").click();
        replace("#setting-steps", "2.5");
        browser.find("#launch").click();
        browser.waitUntil(Duration.ofSeconds(10), d -> browser.find("#campaign-budget-error").getText().contains("maxCandidates"));
        assertThat(browser.find("#campaign-budget").getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#campaign-budget-error").getText()).contains("maxCandidates must be 0..10000");
        assertThat(browser.find("#setting-steps").getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#setting-steps-error").getText()).contains("whole number");
        assertThat(browser.find("#form-errors").getText()).contains("The campaign was not launched");
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/new");
        assertThat(api.get("/api/campaigns").body().get("total").asLong()).isEqualTo(before);
        browser.screenshot("05-launch-form-errors");
    }

    private void pauseAndResume() {
        browser.waitUntil(Duration.ofSeconds(30), d -> browser.find("button[data-action='pause']").isEnabled());
        browser.find("button[data-action='pause']").click();
        browser.waitUntil(Duration.ofSeconds(10), d -> "PAUSED".equals(statusText()));
        assertThat(browser.find("button[data-action='resume']").isEnabled()).isTrue();
        browser.find("button[data-action='resume']").click();
        browser.waitUntil(Duration.ofSeconds(10), d -> List.of("QUEUED", "RUNNING", "COMPLETED").contains(statusText()));
    }

    private String statusText() {
        return browser.find("h1 .badge").getText().trim();
    }

    private void replace(String css, String text) {
        WebElement input = browser.find(css);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(text);
    }
}
