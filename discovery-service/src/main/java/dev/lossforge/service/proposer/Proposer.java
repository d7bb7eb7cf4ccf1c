package dev.lossforge.service.proposer;

import dev.lossforge.service.campaign.Campaign;
import dev.lossforge.service.web.InvalidRequestException;

import java.util.Map;
import java.util.Optional;

/**
 * Proposes new candidates for a campaign. Implementations are Spring beans; the campaign's
 * {@code proposer} field names one by {@link #name()}.
 *
 * <p>The driver calls {@link #propose} on a worker thread whenever the campaign's queue runs low
 * and its budget allows, with at most {@link #maxInFlight(Campaign)} calls open per campaign. It may block
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

    /**
     * Checks a campaign's {@code proposerConfig} and completes it with the proposer's defaults:
     * what it returns is stored with the campaign and shown by the API, so that a campaign keeps
     * its settings when the service's defaults change. The default checks with
     * {@link #validateConfig} and stores the request's settings as they are, with no spending limits.
     *
     * @throws InvalidRequestException naming the setting at fault as {@code proposerConfig.KEY}
     */
    default ProposerSettings resolveConfig(Map<String, Object> config) {
        validateConfig(config);
        return ProposerSettings.of(config);
    }

    /** How many {@link #propose} calls of one campaign may run at once, whatever the campaign. */
    default int maxInFlight() {
        return 1;
    }

    /** How many {@link #propose} calls of this campaign may run at once (its settings may say). */
    default int maxInFlight(Campaign campaign) {
        return maxInFlight();
    }

    /**
     * @return the next candidate, or empty when this proposer has nothing more to offer (the
     *         campaign then finishes once its jobs are done)
     * @throws ProposerUnavailableException when a service it needs stays unreachable: the
     *         campaign pauses with the reason, to be resumed by a person
     * @throws ProposerExhaustedException when the proposer will offer nothing more for a reason
     *         people should see (a spent token budget): the campaign stops proposing, finishes its
     *         jobs and completes with that reason
     */
    Optional<Proposal> propose(ProposalContext context) throws ProposerUnavailableException, ProposerExhaustedException;
}
