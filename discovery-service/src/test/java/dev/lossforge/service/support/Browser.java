package dev.lossforge.service.support;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Headless Chromium from the operating system (Debian's {@code chromium} and
 * {@code chromium-driver}), driven by Selenium. The driver and the browser are named explicitly, so
 * Selenium Manager never looks for (or downloads) either. Without them the browser tests fail and
 * say how to install them, unless {@code LOSSFORGE_SKIP_BROWSER_TESTS=true}.
 */
public final class Browser implements AutoCloseable {

    public static final String SKIP_VARIABLE = "LOSSFORGE_SKIP_BROWSER_TESTS";
    private static final Path DEFAULT_BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DEFAULT_DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Dimension WINDOW = new Dimension(1366, 1000);

    private final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Path profile, Path screenshots) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    /** Starts a browser with a fresh profile; screenshots go to {@code screenshots}. */
    public static Browser start(Path screenshots) {
        if ("true".equalsIgnoreCase(System.getenv(SKIP_VARIABLE))) {
            Assumptions.abort(SKIP_VARIABLE + "=true: browser tests skipped");
        }
        Path browser = executable("LOSSFORGE_CHROMIUM", DEFAULT_BROWSER);
        Path driverPath = executable("LOSSFORGE_CHROMEDRIVER", DEFAULT_DRIVER);
        List<String> missing = Stream.of(browser, driverPath).filter(p -> !Files.isExecutable(p)).map(Path::toString)
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The browser tests need headless Chromium and its driver, and "
                    + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " missing. Install "
                    + "them with: sudo apt-get install -y chromium chromium-driver (Debian/Ubuntu; .ci/run does it), "
                    + "or point LOSSFORGE_CHROMIUM and LOSSFORGE_CHROMEDRIVER at them, or set " + SKIP_VARIABLE
                    + "=true to skip the browser tests.");
        }
        try {
            Path profile = Files.createTempDirectory("lossforge-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(browser.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile,
                    "--window-size=" + WINDOW.width + "," + WINDOW.height, "--force-device-scale-factor=1",
                    "--lang=en-US");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(driverPath.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            Files.createDirectories(screenshots);
            return new Browser(driver, profile, screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path executable(String variable, Path fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
        waitForPage();
    }

    /** Waits until the page's router has drawn the current view. */
    public void waitForPage() {
        waitUntil(Duration.ofSeconds(30), d -> "true".equals(d.findElement(By.id("main")).getDomAttribute("data-ready")));
    }

    public <T> T waitUntil(Duration timeout, Function<WebDriver, T> condition) {
        // the page redraws parts of itself on live events: an element found a moment ago may be gone
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * What the Chart.js chart on a canvas holds and draws: the number of points in each dataset,
     * and how many of the canvas's pixels are painted (not transparent).
     */
    @SuppressWarnings("unchecked")
    public ChartState chart(String canvasId) {
        Map<String, Object> state = (Map<String, Object>) script("""
                const canvas = document.getElementById(arguments[0]);
                if (!canvas) { return null; }
                const chart = window.Chart && window.Chart.getChart(canvas);
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let painted = 0;
                for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { painted++; } }
                return {
                  points: chart ? chart.data.datasets.map(d => d.data.length) : null,
                  labels: chart ? chart.data.datasets.map(d => d.label) : null,
                  painted: painted,
                  area: canvas.width * canvas.height,
                  visible: canvas.offsetWidth > 0 && canvas.offsetHeight > 0
                };""", canvasId);
        if (state == null) {
            throw new AssertionError("no canvas #" + canvasId + " on the page");
        }
        return new ChartState(
                state.get("points") == null ? null
                        : ((List<Object>) state.get("points")).stream().map(n -> ((Number) n).intValue()).toList(),
                (List<String>) state.get("labels"),
                ((Number) state.get("painted")).longValue(), ((Number) state.get("area")).longValue(),
                (Boolean) state.get("visible"));
    }

    /** A chart's datasets (null without a Chart.js instance) and its painted pixels. */
    public record ChartState(List<Integer> points, List<String> labels, long painted, long area, boolean visible) {
    }

    /** The whole page as a PNG under the screenshot folder (the window grows to the page's height for it). */
    public Path screenshot(String name) {
        long height = ((Number) script("return Math.ceil(document.documentElement.scrollHeight)")).longValue();
        // the window's size includes the browser's own frame; the page gets the rest
        long frame = ((Number) script("return Math.max(0, window.outerHeight - window.innerHeight)")).longValue();
        driver.manage().window().setSize(new Dimension(WINDOW.width,
                (int) (Math.min(Math.max(height, WINDOW.height - frame), 5000) + frame)));
        try {
            // let the charts redraw at the new size
            script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = screenshots.resolve(name + ".png");
            Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(WINDOW);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind costs nothing
            }
        }
    }
}
