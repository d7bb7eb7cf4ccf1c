package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.BatchInput;
import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.ProbeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SeedLibraryTest {

    static Stream<SeedLibrary.Seed> seeds() {
        return SeedLibrary.all().stream();
    }

    private static final double EPS = 1e-3;

    /** ℓ(z) = −log σ(z), worked stably in plain doubles. */
    private static double ell(double z) {
        return z >= 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
    }

    private static double sigma(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** The formulas of LOSSES.md, written out independently of the trees. */
    private static double formula(String name, BatchValues b, int i) {
        double aw = b.policyChosenLogps()[i];
        double al = b.policyRejectedLogps()[i];
        double hw = aw - b.referenceChosenLogps()[i];
        double hl = al - b.referenceRejectedLogps()[i];
        double d = hw - hl;
        double beta = b.beta();
        double x = beta * d;
        double lw = b.chosenLengths()[i];
        double ll = b.rejectedLengths()[i];
        double half = 1 / (2 * beta);
        return switch (name) {
            case "dpo" -> ell(x);
            case "robust-dpo" -> ((1 - 0.1) * ell(x) - 0.1 * ell(-x)) / (1 - 2 * 0.1);
            case "cdpo" -> (1 - 0.1) * ell(x) + 0.1 * ell(-x);
            case "ipo" -> Math.pow(hw / lw - hl / ll - half, 2);
            case "hinge" -> Math.max(0, 1 - x);
            case "exo" -> sigma(x) * (Math.log(sigma(x)) - Math.log(1 - EPS))
                    + sigma(-x) * (Math.log(sigma(-x)) - Math.log(EPS));
            case "nca" -> ell(beta * hw) + 0.5 * ell(-beta * hw) + 0.5 * ell(-beta * hl);
            case "bco" -> ell(beta * hw) + ell(-beta * hl);
            case "sppo-hard" -> Math.pow(hw - half, 2) + Math.pow(hl + half, 2);
            case "apo-zero" -> (1 - sigma(beta * hw)) + sigma(beta * hl);
            case "apo-down" -> sigma(beta * hw) + (1 - sigma(x));
            case "cal-dpo" -> ell(d) + Math.pow(hw - half, 2) + Math.pow(hl + half, 2);
            case "rpo" -> ell(x) - 0.005 * beta * aw;
            case "gpo" -> ell(beta * (2 * b.softLabel()[i] - 1) * d);
            case "simpo" -> ell(beta * (aw / lw - al / ll) - 0.5 * beta);
            case "cpo" -> ell(beta * (aw - al)) + 1.0 * (-aw / lw);
            case "lrml" -> (1 - sigma(x / 0.05)) * ell(x) + sigma(x / 0.05) * Math.exp(-x);
            case "cell" -> 0.5 * ell(x) + 0.5 * Math.exp(-x);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void seedTreeComputesTheFormulaOfLossesMd(SeedLibrary.Seed seed) {
        for (long s = 1; s <= 4; s++) {
            double beta = new double[] {0.05, 0.1, 0.3, 1.0}[(int) (s - 1)];
            BatchValues batch = TestBatches.random(s, 40, 25, beta, true);
            double[] values = TreeEvaluator.values(seed.tree(), batch);
            boolean boundedExp = seed.name().equals("lrml") || seed.name().equals("cell");
            int checked = 0;
            for (int i = 0; i < batch.size(); i++) {
                double rho = batch.policyChosenLogps()[i] - batch.referenceChosenLogps()[i]
                        - batch.policyRejectedLogps()[i] + batch.referenceRejectedLogps()[i];
                if (boundedExp && Math.abs(beta * rho) > UnaryOp.EXP_LIMIT) {
                    continue; // the grammar's exp is clamped there (next test)
                }
                checked++;
                double expected = formula(seed.name(), batch, i);
                assertThat(values[i]).as("%s pair %d (beta %s)", seed.name(), i, beta)
                        .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9 * (1 + Math.abs(expected))));
            }
            assertThat(checked).isGreaterThan(batch.size() / 2);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void seedTreeEqualsTheBuiltinClassThroughLossProbe(SeedLibrary.Seed seed) {
        // the built-in classes and LossProbe run in libtorch; the tree in plain doubles
        for (long s = 11; s <= 13; s++) {
            BatchValues batch = TestBatches.random(s, 32, 30, 0.1 * s - 1.0, true);
            ProbeResult builtin = LossProbe.probe(BuiltinLosses.get(seed.name()).newInstance(), batch);
            for (int i = 0; i < batch.size(); i++) {
                double[] tree = TreeEvaluator.withGradient(seed.tree(), PairInputs.of(batch, i));
                double tolerance = 1e-9 * (1 + Math.abs(builtin.losses()[i]));
                assertThat(tree[0]).as("%s loss %d", seed.name(), i).isCloseTo(builtin.losses()[i],
                        org.assertj.core.api.Assertions.within(tolerance));
                assertThat(tree[1]).as("%s d/da_w %d", seed.name(), i).isCloseTo(builtin.gradPolicyChosen()[i],
                        org.assertj.core.api.Assertions.within(1e-9 * (1 + Math.abs(builtin.gradPolicyChosen()[i]))));
                assertThat(tree[2]).as("%s d/da_l %d", seed.name(), i).isCloseTo(builtin.gradPolicyRejected()[i],
                        org.assertj.core.api.Assertions.within(1e-9 * (1 + Math.abs(builtin.gradPolicyRejected()[i]))));
            }
        }
    }

    @Test
    void theExpOfLrmlIsClampedBeyondTwentyAsDocumented() {
        Node lrml = SeedLibrary.tree("lrml").orElseThrow();
        // x = βρ = -30: the gate is closed (σ(-600) ≈ 0), so the value is ℓ(-30) ≈ 30 either way,
        // but the exp branch itself is e^20, not e^30
        Node expBranch = ((GateNode) lrml).high();
        double rho = -30 / 0.1;
        PairInputs pair = new PairInputs(rho, 0, 0, 0, 1, 1, Double.NaN, Double.NaN, Double.NaN, 0.1);
        assertThat(TreeEvaluator.value(expBranch, pair)).isEqualTo(Math.exp(20));
        assertThat(TreeEvaluator.value(lrml, pair)).isCloseTo(30.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everySeedIsALossOfTheGrammarAndViable(SeedLibrary.Seed seed) {
        Set<BatchInput> all = EnumSet.allOf(BatchInput.class);
        assertThat(TypeRules.violation(seed.tree(), all, 32, 10)).isEmpty();
        for (double beta : new double[] {0.05, 0.1, 0.5}) {
            assertThat(Behaviour.viability(seed.tree(), beta)).as(seed.name() + " at beta " + beta).isEmpty();
        }
    }

    @Test
    void softLabelSeedsNeedTheCapability() {
        List<String> plain = SeedLibrary.available(EnumSet.noneOf(BatchInput.class)).stream()
                .map(SeedLibrary.Seed::name).toList();
        List<String> soft = SeedLibrary.available(EnumSet.of(BatchInput.SOFT_LABEL)).stream()
                .map(SeedLibrary.Seed::name).toList();
        assertThat(plain).doesNotContain("gpo").contains("dpo", "ipo", "hinge", "robust-dpo", "cdpo", "lrml",
                "cell", "sppo-hard", "apo-zero", "exo");
        assertThat(soft).contains("gpo");
        assertThat(SeedLibrary.all()).hasSize(18);
    }

    @Test
    void everySeedHasADistinctCanonicalFormExceptWhereTheLossesAgree() {
        // gpo with p = 1 is dpo, but it reads the soft label, so as trees they differ; all 18 are distinct
        assertThat(SeedLibrary.all().stream().map(s -> CanonicalForm.of(s.tree()).key()).distinct().count())
                .isEqualTo(SeedLibrary.all().size());
    }

    @Test
    void builtinNamesMapToTrees() {
        assertThat(SeedLibrary.tree("dpo")).contains(Build.softplus(Build.neg(Build.x())));
        assertThat(SeedLibrary.tree("orpo")).isEmpty();
        for (SeedLibrary.Seed seed : SeedLibrary.all()) {
            assertThat(BuiltinLosses.names()).contains(seed.name());
        }
    }
}
