package dev.lossforge.sandbox;

/**
 * A loss source was rejected: it does not compile, breaks a sandbox rule, is not a loss, or fails
 * its smoke test. The message is meant for the author (often an LLM repairing its own code):
 * {@code line 12, column 5: <reason>}, or just the reason where no position applies.
 *
 * <p>Checked, because a rejection is an expected outcome every caller must handle (store the
 * candidate as invalid, send the message back for a repair attempt, print one line).
 */
public class LossRejectedException extends Exception {

    /** What kind of problem the source has. */
    public enum Kind {
        /** The source does not parse as Java. */
        SYNTAX,
        /** The source is not Java at all (Python, typically). */
        NOT_JAVA,
        /** Java that the sandbox compiler (Janino) does not implement: lambdas, var, records ... */
        UNSUPPORTED,
        /** Java that parses but does not compile: unknown method, type mismatch ... */
        COMPILE,
        /** A sandbox rule: reflection, I/O, threads, loops, recursion, mutable state, a denied API ... */
        FORBIDDEN,
        /** Not one public class implementing PreferenceLoss with a public no-arg constructor. */
        NOT_A_LOSS,
        /** Compiles but misbehaves on a batch: wrong shape, NaN/Inf, an exception, no policy gradient. */
        SMOKE_TEST,
        /** Ran past the time limit. */
        TIMEOUT
    }

    private final Kind kind;
    private final int line;
    private final int column;
    private final String reason;

    public LossRejectedException(Kind kind, int line, int column, String reason) {
        super(render(line, column, reason));
        this.kind = kind;
        this.line = Math.max(0, line);
        this.column = Math.max(0, column);
        this.reason = reason;
    }

    public LossRejectedException(Kind kind, String reason) {
        this(kind, 0, 0, reason);
    }

    public Kind kind() {
        return kind;
    }

    /** 1-based source line, 0 when not applicable. */
    public int line() {
        return line;
    }

    /** 1-based source column, 0 when not applicable or unknown. */
    public int column() {
        return column;
    }

    /** The reason without the position. */
    public String reason() {
        return reason;
    }

    private static String render(int line, int column, String reason) {
        if (line <= 0) {
            return reason;
        }
        if (column <= 0) {
            return "line " + line + ": " + reason;
        }
        return "line " + line + ", column " + column + ": " + reason;
    }
}
