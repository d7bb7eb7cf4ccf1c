package dev.lossforge.service.proposer;

/** A proposer cannot go on for now (an LLM that stays unreachable); the message becomes the campaign's pause reason. */
public class ProposerUnavailableException extends Exception {

    public ProposerUnavailableException(String message) {
        super(message);
    }

    public ProposerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
