package dev.lossforge.service.proposer.llm;

import dev.lossforge.sandbox.LossRejectedException;
import dev.lossforge.service.candidate.CodeCheck;
import dev.lossforge.service.candidate.LossChecker;

import java.util.Objects;

/**
 * The service's own sandbox check as the proposer's validator: the verdict the repair loop acts
 * on is the one the candidate is stored with ({@link CodeVerdict.Accepted#detail()} and
 * {@link CodeVerdict.Rejected#detail()} carry the {@link CodeCheck}), so nothing is validated twice.
 */
final class CheckerCodeValidator implements LossCodeValidator {

    private final LossChecker checker;

    CheckerCodeValidator(LossChecker checker) {
        this.checker = Objects.requireNonNull(checker, "checker");
    }

    @Override
    public CodeVerdict validate(String code) {
        CodeCheck check = checker.check(code);
        if (check.valid()) {
            return new CodeVerdict.Accepted(check.fingerprint(), check);
        }
        LossRejectedException rejection = check.rejection();
        return new CodeVerdict.Rejected(rejection.kind().name(), rejection.line(), rejection.column(),
                rejection.getMessage(), check);
    }
}
