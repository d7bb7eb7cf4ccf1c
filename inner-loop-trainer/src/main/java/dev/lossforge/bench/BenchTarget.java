package dev.lossforge.bench;

import dev.lossforge.cli.Args;

import java.io.PrintStream;
import java.util.Set;

/** One thing {@code bench} can measure, named on the command line: {@code bench NAME [options]}. */
public interface BenchTarget {

    String name();

    /** One line for the usage text. */
    String summary();

    /** The options {@link #run} reads. */
    Set<String> options();

    void run(Args args, PrintStream out) throws Exception;
}
