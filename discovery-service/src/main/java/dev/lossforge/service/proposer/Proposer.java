package dev.lossforge.service.proposer;

import dev.lossforge.service.web.InvalidRequestException;

import java.util.Map;
import java.util.Optional;

/**
 * Proposes new candidates for a campaign. Implementations are Spring beans; the campaign's
 * {@code proposer} field names one by {@link #name()}.
 *
 * <p>The driver calls {@link #propose} on a worker thread whenever the campaign's queue runs low
 * and its budget allows, with at most {@link #maxInFlight} calls open per campaign. It may block
 * (an LLM call). The driver, not the proposer, stores what it returns: it validates the code
 * unless the proposal carries a check already, detects behavioural duplicates, charges the budget
 * and queues the jobs, all in one transaction, so a proposal is never half stored.
 */
public interface Proposer {

    /** The name campaigns use: {@code baselines}, {@code evolution}, {@code llm}. */
    String name();

    /**
     * Checks a campaign's {@code proposerConfig} when the campaign is created.
     *
     * @throws InvalidRequestException naming the setting at fault as {@code proposerConfig.KEY}
     */
    default void validateConfig(Map<String, Object> config) {
        if (!config.isEmpty()) {
            throw new InvalidRequestException("proposerConfig." + config.keySet().iterator().next(),
                    "proposer '" + name() + "' takes no settings");
        }
    }

    /** How many {@link #propose} calls of one campaign may run at once. */
    default int maxInFlight() {
        return 1;
    }

    /**
     * @return the next candidate, or empty when this proposer has nothing more to offer (the
     *         campaign then finishes once its jobs are done)
     * @throws ProposerUnavailableException when a service it needs stays unreachable: the
     *         campaign pauses with the reason, to be resumed by a person
     */
    Optional<Proposal> propose(ProposalContext context) throws ProposerUnavailableException;
}
