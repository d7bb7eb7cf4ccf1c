package dev.lossforge.loss.builtin;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.ProbeResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** aql, aqfl and dbaql, whose per-pair values depend on the whole batch. */
class BatchStatisticsLossesTest {

    @ParameterizedTest
    @ValueSource(strings = {"aql", "aqfl", "dbaql"})
    void aPairsValueDependsOnTheRestOfItsBatch(String name) {
        BatchValues small = Batches.curve(0.1, 0.5, 1.0);
        BatchValues wide = Batches.curve(0.1, 0.5, -3.0, 4.0, 9.0);
        double[] inSmall = LossProbe.probe(BuiltinLosses.get(name).newInstance(), small).losses();
        double[] inWide = LossProbe.probe(BuiltinLosses.get(name).newInstance(), wide).losses();
        Checks.assertValues(name + " small batch", inSmall, PlainLosses.of(name).apply(small));
        Checks.assertValues(name + " wide batch", inWide, PlainLosses.of(name).apply(wide));
        // the same pair (ρ = 0.5) gets different losses in the two batches
        assertThat(Math.abs(inSmall[0] - inWide[0])).isGreaterThan(1e-6);
        assertThat(BuiltinLosses.get(name).batchStatistics()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"aql", "aqfl", "dbaql"})
    void gradientsCarryTheOtherPairsShareThroughTheStatistics(String name) {
        BatchValues batch = Batches.general(0.1);
        ProbeResult probe = LossProbe.probe(BuiltinLosses.get(name).newInstance(), batch);
        Function<BatchValues, double[]> reference = PlainLosses.of(name);
        // the probe equals d(Σ loss)/d input, not d loss_i / d input_i alone
        Checks.assertGradients(name, probe, reference, batch, true, 0, 1, 2, 3);
        double h = 1e-6;
        double ownOnly = (reference.apply(Checks.shifted(batch, 0, 1, h))[1]
                - reference.apply(Checks.shifted(batch, 0, 1, -h))[1]) / (2 * h);
        assertThat(Math.abs(probe.gradPolicyChosen()[1] - ownOnly)).isGreaterThan(1e-7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aql", "aqfl", "dbaql"})
    void aBatchOfOnePairIsFinite(String name) {
        // the unbiased std/var of one value is 0/0 in PyTorch; here the spread is 0
        BatchValues one = Batches.curve(0.1, 2.0);
        ProbeResult r = LossProbe.probe(BuiltinLosses.get(name).newInstance(), one);
        Checks.assertValues(name + " single pair", r.losses(), PlainLosses.of(name).apply(one));
        Checks.assertGradients(name + " single pair", r, PlainLosses.of(name), one, true, 0, 1, 2, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aql", "aqfl", "dbaql"})
    void aBatchWhereEveryPairIsEqualHasFiniteGradients(String name) {
        // the first training step: policy = reference, so every ρ is 0 and the spread is 0;
        // torch.std's backward would give 0·∞ = NaN there, aqfl takes the subgradient 0, which is
        // also what a central difference of the reference sees (std is symmetric in ±h)
        BatchValues equal = Batches.curve(0.1, 0, 0, 0, 0);
        ProbeResult r = LossProbe.probe(BuiltinLosses.get(name).newInstance(), equal);
        Checks.assertValues(name + " equal pairs", r.losses(), PlainLosses.of(name).apply(equal));
        Checks.assertGradients(name + " equal pairs", r, PlainLosses.of(name), equal, true, 0, 1, 2, 3);
    }
}
