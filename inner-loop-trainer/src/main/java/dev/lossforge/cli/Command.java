package dev.lossforge.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of the trainer jar. */
public interface Command {

    String name();

    /** One line for the usage text. */
    String summary();

    /**
     * @return the process exit status
     * @throws CliException for a mistake of the caller, reported as one line
     */
    int run(List<String> argv, PrintStream out, PrintStream err) throws Exception;
}
