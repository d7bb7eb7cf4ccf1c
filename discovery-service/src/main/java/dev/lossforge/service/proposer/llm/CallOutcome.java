package dev.lossforge.service.proposer.llm;

/** How one HTTP call to the model ended. */
public enum CallOutcome {
    OK(false),
    /** HTTP 429. */
    RATE_LIMITED(true),
    /** No answer within the timeout (or HTTP 408). */
    TIMEOUT(true),
    /** HTTP 5xx. */
    SERVER_ERROR(true),
    /** Connection refused, host unknown, connection reset. */
    UNREACHABLE(true),
    /** HTTP 401/403: a wrong or missing key. */
    AUTHENTICATION_FAILED(false),
    /** HTTP 404: usually an unknown model name. */
    MODEL_NOT_FOUND(false),
    /** Another HTTP 4xx: the server refused the request as it is. */
    BAD_REQUEST(false),
    /** Anything else. */
    ERROR(false);

    private final boolean retriable;

    CallOutcome(boolean retriable) {
        this.retriable = retriable;
    }

    /** Whether the same request may succeed if sent again later. */
    public boolean retriable() {
        return retriable;
    }
}
