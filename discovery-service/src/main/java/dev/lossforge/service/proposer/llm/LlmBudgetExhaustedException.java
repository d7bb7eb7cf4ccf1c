package dev.lossforge.service.proposer.llm;

/** The campaign's token or cost budget is spent; no further call is made. */
public class LlmBudgetExhaustedException extends Exception {

    public LlmBudgetExhaustedException(String reason) {
        super(reason);
    }
}
