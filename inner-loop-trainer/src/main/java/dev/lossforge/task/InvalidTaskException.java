package dev.lossforge.task;

/**
 * A task name, variant or configuration key or value that does not exist or does not fit.
 * {@link #field()} names what is wrong, as a caller wrote it: {@code task}, {@code variant},
 * or {@code taskConfig.steps}.
 */
public class InvalidTaskException extends IllegalArgumentException {

    private final String field;

    public InvalidTaskException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
