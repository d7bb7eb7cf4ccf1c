package dev.lossforge.service.proposer.llm;

import java.util.Optional;

/**
 * What the campaign's store knows beyond the proposer's own memory: candidates added by users,
 * other proposers or an earlier run of the service. Consulted once per proposal turn.
 */
public interface CampaignLookup {

    /** No candidates beyond those the proposer has seen. */
    CampaignLookup NONE = new CampaignLookup() {
        @Override
        public boolean codeKnown(String code) {
            return false;
        }

        @Override
        public boolean nameTaken(String name) {
            return false;
        }
    };

    /** Whether a candidate of the campaign has this code, up to whitespace and comments. */
    boolean codeKnown(String code);

    /** Whether a candidate of the campaign has this name. */
    boolean nameTaken(String name);

    /** The name of the candidate of the campaign that computes the same function (same fingerprint), if any. */
    default Optional<String> sameBehaviourAs(String fingerprint) {
        return Optional.empty();
    }
}
