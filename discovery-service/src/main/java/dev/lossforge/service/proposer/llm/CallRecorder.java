package dev.lossforge.service.proposer.llm;

/**
 * Receives every call record as soon as the call ends; the service persists them in
 * {@code llm_call}. Called from the proposal threads, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface CallRecorder {

    void record(LlmCallRecord call);

    static CallRecorder none() {
        return call -> { };
    }
}
