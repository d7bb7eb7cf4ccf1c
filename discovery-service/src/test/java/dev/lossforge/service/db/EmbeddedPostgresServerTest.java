package dev.lossforge.service.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresServerTest {

    @TempDir
    Path temp;

    /**
     * After a power loss the data directory keeps its postmaster.pid, and after the reboot its pid
     * may belong to any process. That process is not an orphaned PostgreSQL: it must be left alone
     * (pg_ctl stop would signal it), and the stale file must not keep the server from starting.
     */
    @Test
    void aStalePidFileNamingAnUnrelatedLiveProcessNeitherStopsItNorBlocksTheStart() throws Exception {
        Path data = temp.resolve("pgdata");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0, Map.of("fsync", "off"))) {
            assertThat(select(server)).isEqualTo(1);
        }
        assertThat(data.resolve("postmaster.pid")).doesNotExist();

        Process unrelated = new ProcessBuilder("sleep", "600").start();
        try {
            // what the postmaster writes: pid, data directory, start time, port, socket dir, address, shmem key, status
            Files.write(data.resolve("postmaster.pid"), List.of(Long.toString(unrelated.pid()), data.toString(),
                    "1700000000", "5432", "", "localhost", "  5432001         0", "ready   "), StandardCharsets.UTF_8);

            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0, Map.of("fsync", "off"))) {
                assertThat(select(server)).isEqualTo(1);
                assertThat(unrelated.isAlive()).as("the process that reused the pid").isTrue();
            }
        } finally {
            unrelated.destroyForcibly();
        }
    }

    private static int select(EmbeddedPostgresServer server) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
