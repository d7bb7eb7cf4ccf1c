package dev.lossforge.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code java -jar inner-loop-trainer.jar COMMAND [options]}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        singleThreadedTorchUnlessTold();
        System.exit(run(args, System.out, System.err));
    }

    /**
     * One libtorch intra-op thread unless {@code -Dai.djl.pytorch.num_threads=N} says otherwise
     * (read when the engine starts, so it is set before any array exists). The inner loops'
     * tensors are small and workers run side by side: on the 2-core machine under load, a bandit
     * seed took a median 31 s with libtorch's default of one thread per core and 3 s with one
     * thread (BENCHMARKS.md, "Inner loop: bandit").
     */
    static void singleThreadedTorchUnlessTold() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    static Map<String, Command> commands() {
        Map<String, Command> commands = new LinkedHashMap<>();
        for (Command c : List.<Command>of(new LossesCommand(), new LossEvalCommand(), new LossCurveCommand(),
                new EvaluateCommand(), new dev.lossforge.bench.BenchCommand(),
                new dev.lossforge.worker.WorkerCommand())) {
            commands.put(c.name(), c);
        }
        return commands;
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage(commands, args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            err.println("error: unknown command '" + args[0] + "' (commands: " + String.join(", ", commands.keySet()) + ")");
            return 2;
        }
        try {
            return command.run(Arrays.asList(args).subList(1, args.length), out, err);
        } catch (CliException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (Exception | Error e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    private static void usage(Map<String, Command> commands, PrintStream stream) {
        stream.println("usage: java -jar inner-loop-trainer.jar COMMAND [options]");
        stream.println();
        commands.values().forEach(c -> stream.printf("  %-12s %s%n", c.name(), c.summary()));
    }
}
