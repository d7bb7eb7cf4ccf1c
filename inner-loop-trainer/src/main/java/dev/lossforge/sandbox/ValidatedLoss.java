package dev.lossforge.sandbox;

import java.time.Duration;

/**
 * A loss that compiled in the sandbox, passed its smoke test and was fingerprinted.
 *
 * @param loss            the compiled loss (class files, factory, constants)
 * @param fingerprint     what it computes on the fixed probe batch
 * @param needsRewards    it throws MissingInputException when the batch has no reward scores: run it
 *                        only on tasks that provide them
 * @param needsSoftLabels it throws MissingInputException when the batch has no soft labels
 * @param timings         how long each step took
 */
public record ValidatedLoss(
        CompiledLoss loss,
        BehaviourFingerprint fingerprint,
        boolean needsRewards,
        boolean needsSoftLabels,
        Timings timings) {

    /** Wall-clock time of each validation step. */
    public record Timings(Duration compile, Duration smokeTest, Duration fingerprint) {
        public Duration total() {
            return compile.plus(smokeTest).plus(fingerprint);
        }
    }
}
