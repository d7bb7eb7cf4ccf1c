package dev.lossforge.service.proposer.llm;

import java.util.Objects;

/**
 * What a call is for, recorded with it.
 *
 * @param campaignId the campaign
 * @param proposalId groups the calls of one proposal (first turn, repairs, retries)
 * @param promptHash SHA-256 of the templates the conversation was rendered from, or {@code null}
 * @param purpose    first proposal or repair
 * @param turn       0 for the first turn, 1.. for repair turns
 */
public record CallContext(String campaignId, String proposalId, String promptHash, CallPurpose purpose, int turn) {

    public CallContext {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(proposalId, "proposalId");
        Objects.requireNonNull(purpose, "purpose");
    }
}
