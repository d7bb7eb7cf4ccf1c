package dev.lossforge.sandbox;

import java.time.Duration;

/**
 * Compile, smoke-test and fingerprint a loss source in one call: what the service does with every
 * candidate before it stores or schedules it.
 *
 * <p>Thread-safe: request threads may call it concurrently; each call compiles into its own class
 * loader and runs the loss on its own sandbox thread, and gradient work is serialised on
 * {@link dev.lossforge.loss.GradientGate}.
 */
public final class LossValidator {

    private final LossCompiler compiler;
    private final SmokeTest smokeTest;

    public LossValidator() {
        this(new LossCompiler(), new SmokeTest());
    }

    public LossValidator(LossCompiler compiler, SmokeTest smokeTest) {
        this.compiler = compiler;
        this.smokeTest = smokeTest;
    }

    /**
     * @throws LossRejectedException the first problem found, with its kind, position and advice
     */
    public ValidatedLoss validate(String source) throws LossRejectedException {
        long start = System.nanoTime();
        CompiledLoss loss = compiler.compile(source);
        Duration compile = Duration.ofNanos(System.nanoTime() - start);
        return validate(loss, compile);
    }

    /** Smoke-tests and fingerprints a loss compiled before. */
    public ValidatedLoss validate(CompiledLoss loss) throws LossRejectedException {
        return validate(loss, Duration.ZERO);
    }

    private ValidatedLoss validate(CompiledLoss loss, Duration compile) throws LossRejectedException {
        SmokeTest.ReportAndProbe result = smokeTest.checkAndProbe(loss, BehaviourFingerprint.probeBatch());
        BehaviourFingerprint fingerprint = BehaviourFingerprint.of(result.probe());
        return new ValidatedLoss(loss, fingerprint, result.report().needsRewards(),
                result.report().needsSoftLabels(), new ValidatedLoss.Timings(compile,
                Duration.ofNanos(result.smokeNanos()), Duration.ofNanos(result.probeNanos())));
    }
}
