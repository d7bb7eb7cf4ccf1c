package dev.lossforge.service.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/**
 * The service's one DataSource: the server named by {@code lossforge.database.url}, or, when
 * none is named, an embedded PostgreSQL started here and stopped with the application.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);
    private static final String EMBEDDED_DATABASE = "lossforge";

    /** Holds the embedded server, if any, so that it stops after the pool closes. */
    record DatabaseServer(String url, String username, String password, EmbeddedPostgresServer embedded)
            implements AutoCloseable {
        @Override
        public void close() {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    DatabaseServer databaseServer(DatabaseProperties properties) {
        if (!properties.embedded()) {
            log.info("Using the PostgreSQL server at {}", properties.url());
            return new DatabaseServer(properties.url(), properties.username(), properties.password(), null);
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(properties.embeddedDir(),
                properties.embeddedPort(), Map.of());
        server.createDatabase(EMBEDDED_DATABASE);
        return new DatabaseServer(server.jdbcUrl(EMBEDDED_DATABASE), server.username(), "", server);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseServer server, DatabaseProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("lossforge");
        config.setJdbcUrl(server.url());
        if (!server.username().isEmpty()) {
            config.setUsername(server.username());
        }
        if (!server.password().isEmpty()) {
            config.setPassword(server.password());
        }
        config.setMaximumPoolSize(properties.poolSize());
        return new HikariDataSource(config);
    }
}
