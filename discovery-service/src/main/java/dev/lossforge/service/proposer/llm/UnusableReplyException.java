package dev.lossforge.service.proposer.llm;

/**
 * A reply the proposer cannot take a loss from. The message is written for the model: it is
 * quoted in the repair turn.
 */
public class UnusableReplyException extends Exception {

    /** Why the reply cannot be used. */
    public enum Kind {
        /** Nothing but whitespace. */
        EMPTY,
        /** Neither a JSON object nor a Java class could be found. */
        NO_CODE,
        /** The code is Python (DiscoPOP's losses are PyTorch, and models fall back to them). */
        NOT_JAVA,
        /** The code is longer than a candidate may be. */
        TOO_LONG,
        /** The code computes the same as a candidate that exists. */
        DUPLICATE
    }

    private final Kind kind;

    public UnusableReplyException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
