package dev.lossforge.worker;

/**
 * A request to the service that did not succeed: unreachable or failing (retryable: try again
 * after a while), or refused with a 4xx status (the problem body's detail says why).
 */
final class ServiceException extends Exception {

    private final int status;

    ServiceException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, 0 when the service could not be reached. */
    int status() {
        return status;
    }

    boolean retryable() {
        return status == 0 || status >= 500 || status == 429;
    }
}
