package dev.lossforge.service.proposer.llm;

/**
 * The model could not be reached or refused every try: retries are spent, or the failure is one
 * that retrying cannot fix (a wrong key, an unknown model). The message is the reason the
 * campaign pauses with; it contains no key.
 */
public class LlmUnavailableException extends Exception {

    private final CallOutcome lastOutcome;

    public LlmUnavailableException(String reason, CallOutcome lastOutcome) {
        super(reason);
        this.lastOutcome = lastOutcome;
    }

    /** How the last try ended. */
    public CallOutcome lastOutcome() {
        return lastOutcome;
    }
}
