package dev.lossforge.service.proposer.llm;

/** Every proposal slot of the campaign is taken; ask again when one finishes. */
public class ProposerBusyException extends RuntimeException {

    public ProposerBusyException(int concurrency) {
        super("all " + concurrency + " proposal slots are busy");
    }
}
