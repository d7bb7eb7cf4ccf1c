package dev.lossforge.cli;

/** A mistake of the caller (bad argument, missing file, rejected source): one line on stderr, exit 2. */
public class CliException extends RuntimeException {

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
