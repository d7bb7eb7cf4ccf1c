package dev.lossforge.export;

import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.sandbox.ValidatedLoss;

/**
 * A loss taken out of an exported JAR: recompiled from its source by the sandbox, checked
 * against the JAR's class, and smoke-tested.
 *
 * @param entry     what the JAR says about it
 * @param validated the sandbox's compilation, smoke test and fingerprint
 */
public record LoadedLoss(JarLoss entry, ValidatedLoss validated) {

    /** A new instance, from the sandbox's class loader (never from the JAR). */
    public PreferenceLoss newInstance() {
        return validated.loss().newInstance();
    }
}
