package dev.lossforge.export;

/**
 * A loss has no mechanical PyTorch translation: arbitrary Java (an LLM's or a user's) is not
 * translated, only the built-in losses and losses that render themselves ({@link PythonRenderable}).
 * The service answers 422 with this message.
 */
public class NotTranslatableException extends Exception {

    public NotTranslatableException(String message) {
        super(message);
    }
}
