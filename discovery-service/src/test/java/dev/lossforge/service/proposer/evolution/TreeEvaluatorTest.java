package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.BatchInput;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.SplittableRandom;

import static dev.lossforge.service.proposer.evolution.Build.add;
import static dev.lossforge.service.proposer.evolution.Build.c;
import static dev.lossforge.service.proposer.evolution.Build.gate;
import static dev.lossforge.service.proposer.evolution.Build.in;
import static dev.lossforge.service.proposer.evolution.Build.mul;
import static dev.lossforge.service.proposer.evolution.Build.neg;
import static dev.lossforge.service.proposer.evolution.Build.positive;
import static dev.lossforge.service.proposer.evolution.Build.softplus;
import static dev.lossforge.service.proposer.evolution.Build.square;
import static dev.lossforge.service.proposer.evolution.Build.x;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TreeEvaluatorTest {

    /** a_w = -1, a_l = -3, r_w = -2, r_l = -2: h_w = 1, h_l = -1, ρ = 2; lengths 2 and 4; β = 0.5. */
    private static final PairInputs PAIR = new PairInputs(-1, -3, -2, -2, 2, 4, 0.7, 1.5, -0.5, 0.5);

    @Test
    void inputsAreDerivedFromTheBatchFields() {
        assertThat(PAIR.value(Input.H_W)).isEqualTo(1.0);
        assertThat(PAIR.value(Input.H_L)).isEqualTo(-1.0);
        assertThat(PAIR.value(Input.RHO)).isEqualTo(2.0);
        assertThat(PAIR.value(Input.BETA_RHO)).isEqualTo(1.0);
        assertThat(PAIR.value(Input.H_W_PER_TOKEN)).isEqualTo(0.5);
        assertThat(PAIR.value(Input.H_L_PER_TOKEN)).isEqualTo(-0.25);
        assertThat(PAIR.value(Input.A_L_PER_TOKEN)).isEqualTo(-0.75);
        assertThat(PAIR.value(Input.INV_TWO_BETA)).isEqualTo(1.0);
        assertThat(PAIR.value(Input.SOFT_LABEL)).isEqualTo(0.7);
        assertThat(PAIR.value(Input.REWARD_L)).isEqualTo(-0.5);
    }

    @Test
    void handWorkedValues() {
        // DPO at βρ = 1: log(1 + e^-1) = 0.31326168751822286
        assertThat(TreeEvaluator.value(softplus(neg(x())), PAIR)).isCloseTo(0.31326168751822286, within(1e-15));
        // (h_w - 1/(2β))² + 3·h_l = 0 + -3
        assertThat(TreeEvaluator.value(add(square(Build.sub(in(Input.H_W), in(Input.INV_TWO_BETA))),
                mul(c("C", 3), in(Input.H_L))), PAIR)).isEqualTo(-3.0);
        // a gate at selector 0 is the mean of its branches: h_l + h_w = 0 here
        Node gate = gate(add(in(Input.H_W), in(Input.H_L)), positive("TAU", 0.3), c("A", 4), c("B", 2));
        assertThat(TreeEvaluator.value(gate, PAIR)).isEqualTo(3.0);
        // exp is clamped: exp(100·βρ) = e^20
        assertThat(TreeEvaluator.value(Build.exp(mul(c("K", 100), x())), PAIR)).isEqualTo(Math.exp(20));
    }

    @Test
    void gradientsMatchCentralDifferencesOnRandomTrees() {
        Variation variation = new Variation(EvolutionConfig.defaults(1).withCapabilities(EnumSet.allOf(BatchInput.class)));
        SplittableRandom random = new SplittableRandom(3);
        int checked = 0;
        for (int t = 0; t < 300; t++) {
            Node tree = variation.randomTree(random, 5);
            double aw = -1 - 3 * random.nextDouble();
            double al = -1 - 3 * random.nextDouble();
            double[] exact = TreeEvaluator.withGradient(tree, pair(aw, al));
            double h = 1e-6;
            double dw = (TreeEvaluator.value(tree, pair(aw + h, al)) - TreeEvaluator.value(tree, pair(aw - h, al))) / (2 * h);
            double dl = (TreeEvaluator.value(tree, pair(aw, al + h)) - TreeEvaluator.value(tree, pair(aw, al - h))) / (2 * h);
            if (!Double.isFinite(exact[0]) || Math.abs(exact[0]) > 1e6 || kinkNear(tree, aw, al)) {
                continue; // huge values lose the digits a finite difference needs; kinks have no derivative
            }
            checked++;
            assertThat(exact[0]).isEqualTo(TreeEvaluator.value(tree, pair(aw, al)));
            assertThat(exact[1]).as(Trees.structure(tree, false)).isCloseTo(dw, within(1e-4 * (1 + Math.abs(dw))));
            assertThat(exact[2]).as(Trees.structure(tree, false)).isCloseTo(dl, within(1e-4 * (1 + Math.abs(dl))));
        }
        assertThat(checked).isGreaterThan(200);
    }

    private static PairInputs pair(double aw, double al) {
        return new PairInputs(aw, al, -2, -2.5, 3, 5, 0.8, 0.4, -0.2, 0.2);
    }

    /** Whether a relu, abs or the exp clamp switches within ±1e-4 of the point. */
    private static boolean kinkNear(Node tree, double aw, double al) {
        for (Node node : Trees.preorder(tree)) {
            if (node instanceof UnaryNode u && (u.op() == UnaryOp.RELU || u.op() == UnaryOp.ABS || u.op() == UnaryOp.EXP)) {
                double threshold = u.op() == UnaryOp.EXP ? UnaryOp.EXP_LIMIT : 0;
                for (double dw : new double[] {-1e-4, 0, 1e-4}) {
                    for (double dl : new double[] {-1e-4, 0, 1e-4}) {
                        double v = TreeEvaluator.value(u.arg(), pair(aw + dw, al + dl));
                        double base = TreeEvaluator.value(u.arg(), pair(aw, al));
                        if (Math.signum(Math.abs(v) - threshold) != Math.signum(Math.abs(base) - threshold)
                                || Math.signum(v) != Math.signum(base)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }
}
