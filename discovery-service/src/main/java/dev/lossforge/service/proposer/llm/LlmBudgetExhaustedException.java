package dev.lossforge.service.proposer.llm;

import java.util.List;

/** The campaign's token or cost budget is spent; no further call is made. */
public class LlmBudgetExhaustedException extends Exception {

    private final transient List<LlmCallRecord> calls;

    public LlmBudgetExhaustedException(String reason, List<LlmCallRecord> calls) {
        super(reason);
        this.calls = List.copyOf(calls);
    }

    /** The tries of this turn made before the budget ran out (failed retries). */
    public List<LlmCallRecord> calls() {
        return calls;
    }
}
