package dev.lossforge.service.proposer.llm;

import dev.lossforge.sandbox.LossRejectedException;
import dev.lossforge.sandbox.LossValidator;
import dev.lossforge.sandbox.ValidatedLoss;

import java.util.Objects;

/**
 * The sandbox's {@link LossValidator} as the proposer's validator: an accepted loss carries its
 * behaviour fingerprint and the {@link ValidatedLoss} (in {@link CodeVerdict.Accepted#detail()})
 * so the service need not validate it again; a rejection keeps the sandbox's exact message.
 */
public final class SandboxCodeValidator implements LossCodeValidator {

    private final LossValidator validator;

    public SandboxCodeValidator(LossValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    public SandboxCodeValidator() {
        this(new LossValidator());
    }

    @Override
    public CodeVerdict validate(String code) {
        try {
            ValidatedLoss validated = validator.validate(code);
            return new CodeVerdict.Accepted(validated.fingerprint().sha256(), validated);
        } catch (LossRejectedException e) {
            return new CodeVerdict.Rejected(e.kind().name(), e.line(), e.column(), e.getMessage(), e);
        }
    }
}
