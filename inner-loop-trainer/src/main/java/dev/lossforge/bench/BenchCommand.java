package dev.lossforge.bench;

import dev.lossforge.cli.Args;
import dev.lossforge.cli.CliException;
import dev.lossforge.cli.Command;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench TARGET [options]}: runs one micro-benchmark and prints its medians. Targets are
 * listed in {@link #targets()}; add new ones there.
 */
public final class BenchCommand implements Command {

    static Map<String, BenchTarget> targets() {
        Map<String, BenchTarget> targets = new LinkedHashMap<>();
        for (BenchTarget t : List.<BenchTarget>of(new SandboxBench(), new BanditBench(), new LmFlopsBench(),
                new LmTaskBench())) {
            targets.put(t.name(), t);
        }
        return targets;
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "benchmark a part: bench TARGET [options] (targets: " + String.join(", ", targets().keySet()) + ")";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Map<String, BenchTarget> targets = targets();
        if (argv.isEmpty() || argv.get(0).startsWith("--")) {
            throw new CliException("bench needs a target: bench TARGET [options] (targets: "
                    + String.join(", ", targets.keySet()) + ")");
        }
        BenchTarget target = targets.get(argv.get(0));
        if (target == null) {
            throw new CliException("unknown bench target '" + argv.get(0) + "' (targets: "
                    + String.join(", ", targets.keySet()) + ")");
        }
        Args args = Args.parse(argv.subList(1, argv.size()), Set.of()).allowOnly(target.options());
        target.run(args, out);
        return 0;
    }
}
