package dev.lossforge.service.proposer;

/**
 * A proposer will offer nothing more for this campaign, for a reason people should see ("LLM token
 * budget spent: 2000312 of 2000000 tokens used"). The campaign stops proposing, evaluates what it
 * holds and completes; the reason goes to its status and events.
 */
public class ProposerExhaustedException extends Exception {

    public ProposerExhaustedException(String reason) {
        super(reason);
    }
}
