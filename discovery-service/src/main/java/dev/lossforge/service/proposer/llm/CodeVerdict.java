package dev.lossforge.service.proposer.llm;

import java.util.Objects;

/** What the sandbox said about a loss source. */
public sealed interface CodeVerdict {

    /**
     * The code compiled and passed the smoke test.
     *
     * @param fingerprint what it computes on the fixed probe batch (equal functions, equal
     *                    fingerprints), or {@code null} when the validator gives none
     * @param detail      the validator's own result for the caller (the sandbox's validated loss), or {@code null}
     */
    record Accepted(String fingerprint, Object detail) implements CodeVerdict {
    }

    /**
     * The code was rejected.
     *
     * @param kind    the sandbox's kind of problem (SYNTAX, COMPILE, FORBIDDEN, SMOKE_TEST, ...)
     * @param line    1-based line, 0 when none applies
     * @param column  1-based column, 0 when none applies
     * @param message the sandbox's exact message, position included: it is quoted to the model
     * @param detail  the validator's own result for the caller (the service's check), or {@code null}
     */
    record Rejected(String kind, int line, int column, String message, Object detail) implements CodeVerdict {
        public Rejected {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }

        public Rejected(String kind, int line, int column, String message) {
            this(kind, line, column, message, null);
        }
    }
}
