package dev.lossforge.service.db;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * Where the data lives ({@code lossforge.database.*}).
 *
 * @param url          JDBC URL of a PostgreSQL server; empty: start the embedded one
 * @param username     user for {@code url}
 * @param password     password for {@code url}
 * @param embeddedDir  data directory of the embedded server, kept between runs
 * @param embeddedPort port of the embedded server; 0 picks a free one
 * @param poolSize     connections in the pool
 */
@ConfigurationProperties("lossforge.database")
public record DatabaseProperties(
        String url,
        String username,
        String password,
        Path embeddedDir,
        int embeddedPort,
        int poolSize) {

    public DatabaseProperties {
        url = url == null ? "" : url.trim();
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        if (embeddedDir == null) {
            embeddedDir = Path.of(System.getProperty("user.home"), ".lossforge", "pgdata");
        }
        if (embeddedPort < 0 || embeddedPort > 65535) {
            throw new IllegalArgumentException("lossforge.database.embedded-port must be 0..65535, got " + embeddedPort);
        }
        if (poolSize <= 0) {
            poolSize = 10;
        }
    }

    public boolean embedded() {
        return url.isEmpty();
    }
}
