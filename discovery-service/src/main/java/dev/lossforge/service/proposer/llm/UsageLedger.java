package dev.lossforge.service.proposer.llm;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running sum of a campaign's model usage, shared by its proposals in flight. A restarted
 * service seeds it with the sums of the calls already stored.
 */
public final class UsageLedger {

    private final AtomicReference<LlmUsage> usage;
    private final LlmBudget budget;

    public UsageLedger(LlmBudget budget, LlmUsage alreadySpent) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.usage = new AtomicReference<>(Objects.requireNonNull(alreadySpent, "alreadySpent"));
    }

    public void add(LlmCallRecord call) {
        usage.updateAndGet(u -> u.plus(call));
    }

    public LlmUsage usage() {
        return usage.get();
    }

    public LlmBudget budget() {
        return budget;
    }

    /** The reason the budget is spent, or empty while some remains. */
    public Optional<String> exhausted() {
        return usage.get().exhausted(budget);
    }
}
