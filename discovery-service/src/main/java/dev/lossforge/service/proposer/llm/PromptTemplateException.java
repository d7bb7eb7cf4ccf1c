package dev.lossforge.service.proposer.llm;

/**
 * A prompt template that cannot be used: missing, unreadable, or asking for a value nobody gave.
 * The message names the file and the placeholder.
 */
public class PromptTemplateException extends RuntimeException {

    public PromptTemplateException(String message) {
        super(message);
    }

    public PromptTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
