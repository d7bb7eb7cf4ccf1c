package dev.lossforge.loss.builtin;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.BuiltinLoss;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.ProbeResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every built-in loss against its plain-double reference ({@link PlainLosses}): values and
 * input gradients on general pairs, on the loss-curve convention, and at |ρ| up to 1e4.
 */
class BuiltinLossValuesTest {

    static Stream<String> names() {
        return BuiltinLosses.names().stream();
    }

    @ParameterizedTest
    @MethodSource("names")
    void matchesTheReferenceOnGeneralPairs(String name) {
        for (double beta : new double[] {0.1, 0.7}) {
            check(name, "general pairs, beta " + beta, Batches.general(beta), ALL_INPUTS);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void matchesTheReferenceOnTheCurveConvention(String name) {
        check(name, "curve convention", Batches.curve(0.1, -6, -2.5, -0.4, 0.3, 1.7, 5), curveInputs(name));
        check(name, "curve convention, beta 2", Batches.curve(2.0, -3, -0.2, 0.45, 4), curveInputs(name));
    }

    @ParameterizedTest
    @MethodSource("names")
    void staysFiniteAndCorrectAtLargeRho(String name) {
        for (double beta : new double[] {0.1, 1.0}) {
            check(name, "rho up to 1e4, beta " + beta, Batches.extremeCurve(beta), curveInputs(name));
            check(name, "large general pairs, beta " + beta, Batches.extremeGeneral(beta), ALL_INPUTS);
        }
    }

    private static final int[] ALL_INPUTS = {0, 1, 2, 3};

    /**
     * The inputs whose slopes are compared on curve-convention batches. There a_l = 0, which is
     * exactly where ORPO's log1mexp clamps (m ≤ −1e-6): a kink, not a smooth point, so its
     * rejected slope is left to {@code LossSpecificBehaviourTest}.
     */
    private static int[] curveInputs(String name) {
        return name.equals("orpo") ? new int[] {0, 2, 3} : ALL_INPUTS;
    }

    private static void check(String name, String what, BatchValues batch, int... gradientInputs) {
        BuiltinLoss loss = BuiltinLosses.get(name);
        Function<BatchValues, double[]> reference = PlainLosses.of(name);
        ProbeResult probe = LossProbe.probe(loss.newInstance(), batch);
        String label = name + " on " + what;
        Checks.assertValues(label, probe.losses(), reference.apply(batch));
        if (name.equals("ddo-rm")) {
            // DDO-RM holds its target q fixed: differentiate the reference with q frozen at the batch
            double[][] q = PlainLosses.ddoRmTargets(batch);
            reference = v -> PlainLosses.ddoRm(v, q);
        }
        Checks.assertGradients(label, probe, reference, batch, loss.batchStatistics(), gradientInputs);
    }
}
