package dev.lossforge.sandbox;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.GradientGate;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.MissingInputException;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.loss.ProbeResult;
import dev.lossforge.sandbox.LossRejectedException.Kind;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a compiled loss on a random batch of {@value #BATCH_SIZE} realistic pairs (with soft labels
 * and reward scores) on a separate daemon thread with a time limit, and rejects it unless it
 * returns finite values of shape [B] and finite gradients with respect to the four
 * log-probability inputs, and its value depends on the policy log-probabilities (the policy
 * gradients are not all zero on two different batches). It then runs the loss once without
 * reward scores and once without soft labels: throwing {@link MissingInputException} there means
 * the loss needs that input (recorded), any other failure is a rejection (a loss must check
 * {@code batch.hasRewards()} / {@code batch.hasSoftLabel()}).
 *
 * <p>Thread-safe. Gradient work is serialised on {@link GradientGate}.
 */
public final class SmokeTest {

    public static final int BATCH_SIZE = 16;
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(2);

    /** What the smoke test found out about a loss that passed it. */
    public record Report(boolean needsRewards, boolean needsSoftLabels) {
    }

    /** A report plus the probe of an extra batch, taken on the same sandbox thread. */
    record ReportAndProbe(Report report, ProbeResult probe, long smokeNanos, long probeNanos) {
    }

    private final Duration timeLimit;

    public SmokeTest() {
        this(DEFAULT_TIME_LIMIT);
    }

    /** @param timeLimit the time the loss code may run in all (construction, forward and backward passes) */
    public SmokeTest(Duration timeLimit) {
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive, got " + timeLimit);
        }
        this.timeLimit = timeLimit;
    }

    public Duration timeLimit() {
        return timeLimit;
    }

    /**
     * @throws LossRejectedException SMOKE_TEST or TIMEOUT, with the source line where the loss threw
     */
    public Report check(CompiledLoss loss) throws LossRejectedException {
        return checkAndProbe(loss, null).report();
    }

    /** The smoke test, then (when {@code extra} is not null) a probe of {@code extra}. */
    ReportAndProbe checkAndProbe(CompiledLoss loss, BatchValues extra) throws LossRejectedException {
        long seed = ThreadLocalRandom.current().nextLong();
        try {
            return SandboxThread.run("the smoke test of " + loss.simpleName(), timeLimit,
                    meter -> new Run(loss, meter, seed).execute(extra));
        } catch (LossRejectedException e) {
            throw e;
        } catch (Exception e) {
            throw new LossRejectedException(Kind.SMOKE_TEST, "the smoke test failed: " + e);
        }
    }

    /** One smoke test, on the sandbox thread. */
    private static final class Run {
        private final CompiledLoss loss;
        private final SandboxThread.Meter meter;
        private final long seed;

        Run(CompiledLoss loss, SandboxThread.Meter meter, long seed) {
            this.loss = loss;
            this.meter = meter;
            this.seed = seed;
        }

        ReportAndProbe execute(BatchValues extra) throws Exception {
            long started = System.nanoTime();
            PreferenceLoss instance = call("constructing the loss", () -> meter.user(loss::newInstance));
            BatchValues batch = RandomBatches.realistic(seed, BATCH_SIZE, 1.5);

            // forward only first: a loss that hangs does so without holding the gradient permit
            forward(instance, batch, "");
            boolean needsRewards = optional(instance, RandomBatches.withoutRewards(batch), "reward scores",
                    "batch.hasRewards()");
            boolean needsSoftLabels = optional(instance, RandomBatches.withoutSoftLabel(batch), "soft labels",
                    "batch.hasSoftLabel()");

            GradientGate.lockInterruptibly();
            ProbeResult probe = null;
            long probeNanos = 0;
            try {
                ProbeResult first = probe(instance, batch);
                checkGradients(first, batch);
                if (independentOfPolicy(first)) {
                    BatchValues second = RandomBatches.realistic(seed + 1, BATCH_SIZE, 3.0);
                    ProbeResult again = probe(instance, second);
                    checkGradients(again, second);
                    if (independentOfPolicy(again)) {
                        throw new LossRejectedException(Kind.SMOKE_TEST, "cannot train the policy: the loss does "
                                + "not depend on policyChosenLogps or policyRejectedLogps (their gradients are all "
                                + "zero on two different batches); build it from Ops.logRatioDifference(batch) or "
                                + "the policy log-probabilities, and do not use stopGradient on them");
                    }
                }
                if (extra != null) {
                    long probeStart = System.nanoTime();
                    probe = probe(instance, extra);
                    probeNanos = System.nanoTime() - probeStart;
                }
            } finally {
                GradientGate.unlock();
            }
            long smokeNanos = System.nanoTime() - started - probeNanos;
            return new ReportAndProbe(new Report(needsRewards, needsSoftLabels), probe, smokeNanos, probeNanos);
        }

        private void forward(PreferenceLoss instance, BatchValues values, String condition) throws Exception {
            double[] result;
            try (NDManager manager = NDManager.newBaseManager()) {
                PreferenceBatch batch = values.toBatch(manager);
                NDArray out = call("compute" + condition, () -> meter.user(() -> instance.compute(batch)));
                if (out == null) {
                    throw new LossRejectedException(Kind.SMOKE_TEST, "compute returned null" + condition
                            + "; it must return the per-example loss, an NDArray of shape [" + values.size() + "]");
                }
                Shape shape = out.getShape();
                if (!shape.equals(new Shape(values.size()))) {
                    throw new LossRejectedException(Kind.SMOKE_TEST, "wrong shape: compute returned shape " + shape
                            + condition + " for a batch of " + values.size() + " pairs, but must return one value "
                            + "per pair, shape (" + values.size() + ")" + (shape.dimension() == 0
                            ? "; do not reduce with sum() or mean(): the trainer takes the mean itself" : ""));
                }
                result = call("compute" + condition, () -> out.toType(DataType.FLOAT64, false).toDoubleArray());
            }
            for (int i = 0; i < result.length; i++) {
                if (!Double.isFinite(result[i])) {
                    throw new LossRejectedException(Kind.SMOKE_TEST, "the loss is " + name(result[i]) + " for pair "
                            + i + condition + " (" + describe(values, i) + "); every value must be finite: use the "
                            + "stable Ops.logSigmoid/softplus/sigmoid instead of log(sigmoid(x)) or exp(x), and keep "
                            + "arguments of log and sqrt positive");
                }
            }
        }

        /** True when the loss needs the input {@code values} lack; rejects any other failure. */
        private boolean optional(PreferenceLoss instance, BatchValues values, String input, String check)
                throws Exception {
            try {
                forward(instance, values, " when the batch has no " + input);
                return false;
            } catch (MissingInputException e) {
                return true;
            } catch (LossRejectedException e) {
                if (e.getCause() instanceof MissingInputException) {
                    return true;
                }
                if (e.kind() == Kind.SMOKE_TEST && e.getCause() instanceof NullPointerException) {
                    throw new LossRejectedException(Kind.SMOKE_TEST, e.line(), e.column(), e.reason() + "; "
                            + input + " are optional: check " + check + " and throw "
                            + "new MissingInputException(\"...\") when the loss cannot do without them");
                }
                throw e;
            }
        }

        private ProbeResult probe(PreferenceLoss instance, BatchValues values) throws Exception {
            return call("computing gradients", () -> meter.user(() -> LossProbe.probe(instance, values)));
        }

        private void checkGradients(ProbeResult probe, BatchValues values) throws LossRejectedException {
            double[][] gradients = {probe.gradPolicyChosen(), probe.gradPolicyRejected(), probe.gradReferenceChosen(),
                    probe.gradReferenceRejected()};
            String[] names = {"policyChosenLogps", "policyRejectedLogps", "referenceChosenLogps",
                    "referenceRejectedLogps"};
            for (int g = 0; g < gradients.length; g++) {
                for (int i = 0; i < gradients[g].length; i++) {
                    if (!Double.isFinite(gradients[g][i])) {
                        throw new LossRejectedException(Kind.SMOKE_TEST, "the gradient with respect to " + names[g]
                                + " is " + name(gradients[g][i]) + " for pair " + i + " (" + describe(values, i)
                                + ") although the loss value is finite: avoid functions with infinite slope at the "
                                + "inputs the loss sees (sqrt or log at 0, abs().pow(p) with p < 1, division by "
                                + "values near 0)");
                    }
                }
            }
        }

        private static boolean independentOfPolicy(ProbeResult probe) {
            for (double g : probe.gradPolicyChosen()) {
                if (g != 0.0) {
                    return false;
                }
            }
            for (double g : probe.gradPolicyRejected()) {
                if (g != 0.0) {
                    return false;
                }
            }
            return true;
        }

        /** Runs a step and turns what the loss threw into a rejection naming its source line. */
        private <T> T call(String step, SandboxThread.ThrowingSupplier<T> code) throws Exception {
            try {
                return code.get();
            } catch (LossRejectedException | InterruptedException e) {
                throw e;
            } catch (MissingInputException e) {
                if (step.contains("when the batch has no")) {
                    throw e;
                }
                throw thrown(step, e);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                throw thrown(step, e);
            }
        }

        private LossRejectedException thrown(String step, Throwable e) {
            int line = 0;
            for (StackTraceElement frame : e.getStackTrace()) {
                if (frame.getClassName().equals(loss.className()) && frame.getLineNumber() > 0) {
                    line = frame.getLineNumber();
                    break;
                }
            }
            String what;
            if (e instanceof StackOverflowError) {
                what = "ran out of stack";
            } else if (e instanceof OutOfMemoryError) {
                what = "ran out of memory (" + e.getMessage() + ")";
            } else if (e instanceof EngineException) {
                what = "failed in the tensor engine: " + firstLine(e.getMessage());
            } else {
                what = "threw " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
            }
            LossRejectedException rejection = new LossRejectedException(Kind.SMOKE_TEST, line, 0, step + " " + what);
            rejection.initCause(e);
            return rejection;
        }

        private static String firstLine(String message) {
            if (message == null) {
                return "(no message)";
            }
            int nl = message.indexOf('\n');
            String first = nl < 0 ? message : message.substring(0, nl);
            return first.length() > 300 ? first.substring(0, 300) + "..." : first;
        }

        private static String name(double value) {
            return Double.isNaN(value) ? "NaN" : value > 0 ? "+Infinity" : "-Infinity";
        }

        private static String describe(BatchValues v, int i) {
            double rho = (v.policyChosenLogps()[i] - v.referenceChosenLogps()[i])
                    - (v.policyRejectedLogps()[i] - v.referenceRejectedLogps()[i]);
            return String.format(Locale.ROOT, "policyChosen %.3f, policyRejected %.3f, referenceChosen %.3f, "
                            + "referenceRejected %.3f, lengths %.0f/%.0f, rho %.3f, beta %.2f",
                    v.policyChosenLogps()[i], v.policyRejectedLogps()[i], v.referenceChosenLogps()[i],
                    v.referenceRejectedLogps()[i], v.chosenLengths()[i], v.rejectedLengths()[i], rho, v.beta());
        }
    }
}
