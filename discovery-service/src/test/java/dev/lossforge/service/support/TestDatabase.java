package dev.lossforge.service.support;

import dev.lossforge.service.db.EmbeddedPostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way tests reach PostgreSQL: the server named by {@code LOSSFORGE_TEST_DATABASE_URL}
 * (with {@code LOSSFORGE_TEST_DATABASE_USERNAME}/{@code _PASSWORD}) if set, else a
 * Testcontainers server when Docker is available, else an embedded server, one per test JVM.
 * Every call of {@link #fresh()} creates a new, empty database on that server.
 */
public final class TestDatabase {

    /** How to reach one test database. */
    public record Coordinates(String url, String username, String password) {
    }

    private record Server(String adminUrl, String username, String password) {
    }

    private static final Pattern JDBC_URL = Pattern.compile("(jdbc:postgresql://[^/?]+)(/[^?]*)?(\\?.*)?");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Server server;

    private TestDatabase() {
    }

    /** A new empty database. */
    public static synchronized Coordinates fresh() {
        Server s = server();
        String name = "lf_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(s.adminUrl(), s.username(), s.password());
             Statement statement = c.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return new Coordinates(withDatabase(s.adminUrl(), name), s.username(), s.password());
    }

    /** Points the service at a new empty database. */
    public static Coordinates register(DynamicPropertyRegistry registry) {
        Coordinates db = fresh();
        registry.add("lossforge.database.url", db::url);
        registry.add("lossforge.database.username", db::username);
        registry.add("lossforge.database.password", db::password);
        return db;
    }

    /** Which kind of server the tests use, for logs and benchmarks. */
    public static synchronized String describe() {
        return server().adminUrl();
    }

    private static Server server() {
        if (server == null) {
            server = startServer();
        }
        return server;
    }

    private static Server startServer() {
        String url = System.getenv("LOSSFORGE_TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            return new Server(url, env("LOSSFORGE_TEST_DATABASE_USERNAME"), env("LOSSFORGE_TEST_DATABASE_PASSWORD"));
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:18-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        try {
            Path dir = Files.createTempDirectory("lossforge-test-pg");
            EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(dir.resolve("data"), 0,
                    Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off",
                            "max_connections", "300"));
            stopAfterThisJvm(embedded, dir);
            return new Server(embedded.jdbcUrl("postgres"), embedded.username(), "");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A shell outside this JVM stops the server and deletes its files once the JVM is gone. A
     * shutdown hook would race the Spring contexts' own hooks (which still use the database while
     * they close), and would not run at all after a kill -9.
     */
    private static void stopAfterThisJvm(EmbeddedPostgresServer embedded, Path dir) throws IOException {
        String stop = embedded.immediateStopCommand().stream().map(TestDatabase::quote)
                .reduce((a, b) -> a + " " + b).orElseThrow();
        String script = "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null; do sleep 1; done; "
                + stop + " >/dev/null 2>&1; rm -rf " + quote(dir.toString());
        new ProcessBuilder("setsid", "sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static boolean dockerAvailable() {
        // asking Testcontainers with no Docker anywhere costs seconds and a screen of errors
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))
                && !Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String withDatabase(String url, String database) {
        Matcher m = JDBC_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }

}
