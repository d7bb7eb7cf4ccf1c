package dev.lossforge.sandbox;

import dev.lossforge.loss.GradientGate;
import dev.lossforge.sandbox.LossRejectedException.Kind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every source under {@code sandbox/hostile/} is rejected with the kind, position and reason its
 * first line announces ({@code // EXPECT kind=K line=L column=C mentions="text"}); afterwards the
 * JVM is healthy: no sandbox thread left behind, the gradient permit free, a good loss validates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileSourcesTest {

    private static final Pattern EXPECT = Pattern.compile(
            "EXPECT kind=(\\w+)(?: line=(\\d+))?(?: column=(\\d+))? mentions=\"([^\"]+)\"");

    /** The default limit for every source, so that a loaded machine does not time out a quick loss. */
    private final LossValidator validator = new LossValidator();

    /**
     * Short, for the sources that must time out: they are abandoned after 10 ms of loss code. The
     * static checks bound a loss to {@value BytecodeChecker#MAX_OPERATIONS} operations per call, so
     * the slowest legal loss needs tens of milliseconds for a smoke test (several passes of almost
     * 2000 engine calls), not seconds.
     */
    private final LossValidator impatient = new LossValidator(new LossCompiler(), new SmokeTest(Duration.ofMillis(10)));
    private Set<String> threadsBefore;

    record Hostile(String file, String source, Kind kind, int line, int column, String mentions) {
        @Override
        public String toString() {
            return file;
        }
    }

    @BeforeAll
    void warmUpAndCountThreads() throws Exception {
        // load the engine before counting threads: its own threads are not the sandbox's
        validator.validate(Sources.good("Dpo.java"));
        threadsBefore = liveThreadNames();
    }

    static Stream<Hostile> hostileSources() throws IOException, URISyntaxException {
        Path dir = Path.of(HostileSourcesTest.class.getResource("/sandbox/hostile").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted = files.sorted().toList();
            return sorted.stream().map(HostileSourcesTest::read).toList().stream();
        }
    }

    private static Hostile read(Path file) {
        try {
            String source = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = EXPECT.matcher(source.lines().findFirst().orElse(""));
            if (!m.find()) {
                throw new IllegalStateException(file + " has no EXPECT line");
            }
            return new Hostile(file.getFileName().toString(), source, Kind.valueOf(m.group(1)),
                    m.group(2) == null ? -1 : Integer.parseInt(m.group(2)),
                    m.group(3) == null ? -1 : Integer.parseInt(m.group(3)), m.group(4));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(0)
    void theSuiteIsLargeEnough() throws Exception {
        assertThat(hostileSources().count()).isGreaterThanOrEqualTo(25);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileSources")
    @Order(1)
    void isRejectedWithTheRightReason(Hostile hostile) {
        LossValidator v = hostile.kind() == Kind.TIMEOUT ? impatient : validator;
        LossRejectedException e = catchThrowableOfType(LossRejectedException.class, () -> v.validate(hostile.source()));

        assertThat(e).as("%s must be rejected", hostile.file()).isNotNull();
        assertThat(e.kind()).as("%s: %s", hostile.file(), e.getMessage()).isEqualTo(hostile.kind());
        assertThat(e.reason()).as(hostile.file()).contains(hostile.mentions());
        if (hostile.line() >= 0) {
            assertThat(e.line()).as("line of %s: %s", hostile.file(), e.getMessage()).isEqualTo(hostile.line());
            assertThat(e.getMessage()).startsWith("line " + hostile.line());
        }
        if (hostile.column() >= 0) {
            assertThat(e.column()).as("column of %s: %s", hostile.file(), e.getMessage())
                    .isEqualTo(hostile.column());
            assertThat(e.getMessage()).startsWith("line " + hostile.line() + ", column " + hostile.column() + ": ");
        }
    }

    @Test
    @Order(2)
    void theJvmStaysHealthy() throws Exception {
        // the slow source's thread was abandoned; it ends when its current pass does
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (SandboxThread.abandonedAlive() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(SandboxThread.abandonedAlive()).as("abandoned sandbox threads still running").isZero();
        Thread.sleep(200);
        Set<String> after = liveThreadNames();
        assertThat(after.stream().filter(n -> n.startsWith("lossforge-sandbox-")).toList())
                .as("sandbox threads left behind").isEmpty();
        assertThat(after).as("threads started by the suite").isSubsetOf(threadsBefore);

        // the gradient lock is free again, and a good loss still compiles and validates
        assertThat(GradientGate.isLocked()).isFalse();
        ValidatedLoss dpo = validator.validate(Sources.good("Dpo.java"));
        assertThat(dpo.needsRewards()).isFalse();
        assertThat(dpo.loss().newInstance()).isNotNull();
    }

    private static Set<String> liveThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }
}
