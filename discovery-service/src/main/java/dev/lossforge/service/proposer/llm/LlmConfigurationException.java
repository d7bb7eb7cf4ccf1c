package dev.lossforge.service.proposer.llm;

/**
 * LLM settings that cannot work: an unknown provider, a missing model name or base URL, an
 * environment variable for the key that is not set. The message names the field and never
 * contains a key.
 */
public class LlmConfigurationException extends RuntimeException {

    private final String field;

    public LlmConfigurationException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The setting at fault, as the campaign request or the configuration names it. */
    public String field() {
        return field;
    }
}
