package dev.lossforge.service.proposer.llm;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;

/** Sorts a failed call into a {@link CallOutcome}, which says whether to try again. */
final class FailureClassifier {

    private FailureClassifier() {
    }

    static CallOutcome classify(Throwable failure) {
        // the HTTP status is the most precise fact, wherever in the chain it sits
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return byStatus(http.statusCode());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RateLimitException) {
                return CallOutcome.RATE_LIMITED;
            }
            if (t instanceof TimeoutException || t instanceof HttpTimeoutException
                    || t instanceof InterruptedIOException) {
                return CallOutcome.TIMEOUT;
            }
            if (t instanceof InternalServerException) {
                return CallOutcome.SERVER_ERROR;
            }
            if (t instanceof AuthenticationException) {
                return CallOutcome.AUTHENTICATION_FAILED;
            }
            if (t instanceof ModelNotFoundException) {
                return CallOutcome.MODEL_NOT_FOUND;
            }
            if (t instanceof InvalidRequestException) {
                return CallOutcome.BAD_REQUEST;
            }
            if (t instanceof UnresolvedModelServerException || t instanceof IOException) {
                return CallOutcome.UNREACHABLE;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return CallOutcome.ERROR;
    }

    static CallOutcome byStatus(int status) {
        if (status == 429) {
            return CallOutcome.RATE_LIMITED;
        }
        if (status == 408) {
            return CallOutcome.TIMEOUT;
        }
        if (status == 401 || status == 403) {
            return CallOutcome.AUTHENTICATION_FAILED;
        }
        if (status == 404) {
            return CallOutcome.MODEL_NOT_FOUND;
        }
        if (status >= 500 && status < 600) {
            return CallOutcome.SERVER_ERROR;
        }
        if (status >= 400 && status < 500) {
            return CallOutcome.BAD_REQUEST;
        }
        return CallOutcome.ERROR;
    }

    /** The HTTP status in the chain, or -1. */
    static int statusOf(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return http.statusCode();
            }
        }
        return -1;
    }
}
