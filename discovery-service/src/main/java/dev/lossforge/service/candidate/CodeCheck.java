package dev.lossforge.service.candidate;

import dev.lossforge.sandbox.LossRejectedException;
import dev.lossforge.sandbox.ValidatedLoss;

/**
 * The sandbox's verdict on a source: compiled, smoke-tested and fingerprinted, or rejected.
 *
 * @param validated the loss, when it passed
 * @param rejection why not, when it did not
 */
public record CodeCheck(ValidatedLoss validated, LossRejectedException rejection) {

    public CodeCheck {
        if ((validated == null) == (rejection == null)) {
            throw new IllegalArgumentException("a check either passes or is rejected");
        }
    }

    public static CodeCheck passed(ValidatedLoss validated) {
        return new CodeCheck(validated, null);
    }

    public static CodeCheck rejected(LossRejectedException rejection) {
        return new CodeCheck(null, rejection);
    }

    public boolean valid() {
        return validated != null;
    }

    public String fingerprint() {
        return validated == null ? null : validated.fingerprint().sha256();
    }
}
