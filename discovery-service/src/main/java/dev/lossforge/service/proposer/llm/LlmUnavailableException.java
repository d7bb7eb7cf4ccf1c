package dev.lossforge.service.proposer.llm;

import java.util.List;

/**
 * The model could not be reached or refused every try: retries are spent, or the failure is one
 * that retrying cannot fix (a wrong key, an unknown model). The message is the reason the
 * campaign pauses with; it contains no key.
 */
public class LlmUnavailableException extends Exception {

    private final CallOutcome lastOutcome;
    private final transient List<LlmCallRecord> calls;

    public LlmUnavailableException(String reason, CallOutcome lastOutcome, List<LlmCallRecord> calls) {
        super(reason);
        this.lastOutcome = lastOutcome;
        this.calls = List.copyOf(calls);
    }

    /** How the last try ended. */
    public CallOutcome lastOutcome() {
        return lastOutcome;
    }

    /** The failed tries of this turn. */
    public List<LlmCallRecord> calls() {
        return calls;
    }
}
