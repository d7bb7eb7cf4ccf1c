package dev.lossforge.worker;

import dev.lossforge.cli.Args;
import dev.lossforge.cli.CliException;
import dev.lossforge.cli.Command;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code worker --service URL --token T [--name N] [--cache-dir D]}: a trainer worker for a
 * discovery service. The token may come from LOSSFORGE_WORKER_TOKEN instead of the command line
 * (where other users of the machine could read it).
 */
public final class WorkerCommand implements Command {

    private static final Set<String> OPTIONS = Set.of("service", "token", "name", "id", "cache-dir", "parent-pid",
            "wait-seconds", "max-jobs");

    @Override
    public String name() {
        return "worker";
    }

    @Override
    public String summary() {
        return "train jobs for a discovery service: --service URL --token T [--name N] [--cache-dir D]";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of()).allowOnly(OPTIONS);
        String service = args.required("service");
        try {
            URI uri = URI.create(service);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new CliException("option --service must be an http(s) URL such as http://localhost:8080, got '"
                    + service + "'");
        }
        String token = args.optional("token", System.getenv("LOSSFORGE_WORKER_TOKEN"));
        if (token == null || token.isBlank()) {
            throw new CliException("missing option --token (or the environment variable LOSSFORGE_WORKER_TOKEN)");
        }
        String host = host();
        String id = args.optional("id", UUID.randomUUID().toString());
        String name = args.optional("name", host);
        Path cacheDir = Path.of(args.optional("cache-dir",
                Path.of(System.getProperty("user.home"), ".lossforge", "cache").toString()));
        Long parentPid = args.optional("parent-pid", null) == null ? null : args.longValue("parent-pid", 0);
        long wait = args.longValue("wait-seconds", 20);
        long maxJobs = args.longValue("max-jobs", 0);
        if (wait < 0 || wait > 300) {
            throw new CliException("option --wait-seconds must be 0..300, got " + wait);
        }
        if (maxJobs < 0) {
            throw new CliException("option --max-jobs must be at least 0, got " + maxJobs);
        }
        Worker worker = new Worker(new Worker.Options(service, token.trim(), id, name, host, device(), cacheDir,
                parentPid, (int) wait, (int) maxJobs), err);
        return worker.run();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }

    /** The device DJL trains on here; loading the engine now also makes the first job faster. */
    private static String device() {
        try {
            return ai.djl.engine.Engine.getInstance().defaultDevice().toString();
        } catch (RuntimeException | LinkageError e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
