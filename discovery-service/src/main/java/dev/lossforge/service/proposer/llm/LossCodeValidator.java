package dev.lossforge.service.proposer.llm;

/**
 * Compiles and smoke-tests a loss source: the sandbox's validator behind a seam, so that the
 * proposer quotes whatever the sandbox says. Implementations must be thread-safe; several
 * proposals validate at once.
 */
@FunctionalInterface
public interface LossCodeValidator {

    CodeVerdict validate(String code);
}
