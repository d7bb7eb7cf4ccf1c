package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.BatchInput;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.SplittableRandom;

import static dev.lossforge.service.proposer.evolution.Build.add;
import static dev.lossforge.service.proposer.evolution.Build.c;
import static dev.lossforge.service.proposer.evolution.Build.exp;
import static dev.lossforge.service.proposer.evolution.Build.gate;
import static dev.lossforge.service.proposer.evolution.Build.in;
import static dev.lossforge.service.proposer.evolution.Build.mul;
import static dev.lossforge.service.proposer.evolution.Build.neg;
import static dev.lossforge.service.proposer.evolution.Build.op;
import static dev.lossforge.service.proposer.evolution.Build.positive;
import static dev.lossforge.service.proposer.evolution.Build.relu;
import static dev.lossforge.service.proposer.evolution.Build.softplus;
import static dev.lossforge.service.proposer.evolution.Build.square;
import static dev.lossforge.service.proposer.evolution.Build.sub;
import static dev.lossforge.service.proposer.evolution.Build.x;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SimplifierTest {

    private static final Node HW = in(Input.H_W);

    @Test
    void localRules() {
        assertThat(Simplifier.simplify(neg(neg(HW)))).isEqualTo(HW);
        assertThat(Simplifier.simplify(mul(c("ONE", 1), HW))).isEqualTo(HW);
        assertThat(Simplifier.simplify(add(HW, c("Z", 0)))).isEqualTo(HW);
        assertThat(Simplifier.simplify(sub(c("Z", 0), HW))).isEqualTo(neg(HW));
        assertThat(Simplifier.simplify(mul(HW, c("M", -1)))).isEqualTo(neg(HW));
        assertThat(Simplifier.simplify(sub(softplus(HW), softplus(HW)))).isEqualTo(c("C", 0));
        assertThat(Simplifier.simplify(mul(in(Input.RHO), in(Input.BETA)))).isEqualTo(x());
        assertThat(Simplifier.simplify(square(neg(HW)))).isEqualTo(square(HW));
        assertThat(Simplifier.simplify(op(UnaryOp.ABS, exp(HW)))).isEqualTo(exp(HW));
        assertThat(Simplifier.simplify(relu(op(UnaryOp.SIGMOID, HW)))).isEqualTo(op(UnaryOp.SIGMOID, HW));
        assertThat(Simplifier.simplify(sub(HW, neg(x())))).isEqualTo(add(x(), HW));
        assertThat(Simplifier.simplify(gate(x(), positive("TAU", 1), relu(HW), relu(HW)))).isEqualTo(relu(HW));
    }

    @Test
    void foldsConstantsAndKeepsTheFirstName() {
        assertThat(Simplifier.simplify(mul(mul(c("A", 2), c("B", 3)), HW))).isEqualTo(mul(c("A", 6), HW));
        assertThat(Simplifier.simplify(mul(c("A", 2), mul(c("B", 3), HW)))).isEqualTo(mul(c("A", 6), HW));
        assertThat(Simplifier.simplify(add(c("A", 1), add(HW, c("B", 2))))).isEqualTo(add(HW, c("A", 3)));
        assertThat(Simplifier.simplify(op(UnaryOp.SQUARE, c("A", 3)))).isEqualTo(c("A", 9));
    }

    @Test
    void ordersOperandsOfCommutativeOperators() {
        Node a = Simplifier.simplify(add(softplus(HW), relu(HW)));
        Node b = Simplifier.simplify(add(relu(HW), softplus(HW)));
        assertThat(a).isEqualTo(b);
        // a coefficient comes first in a product, last in a sum
        assertThat(Simplifier.simplify(mul(HW, c("K", 2)))).isEqualTo(mul(c("K", 2), HW));
        assertThat(Simplifier.simplify(add(c("K", 2), HW))).isEqualTo(add(HW, c("K", 2)));
    }

    @Test
    void givesEveryConstantItsOwnName() {
        Node tree = Simplifier.simplify(add(mul(c("K", 2), HW), mul(c("K", 3), relu(HW))));
        assertThat(Trees.constants(tree)).extracting(ConstNode::name).doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void keepsTheValueOfRandomTrees() {
        Variation variation = new Variation(EvolutionConfig.defaults(1).withCapabilities(EnumSet.allOf(BatchInput.class)));
        SplittableRandom random = new SplittableRandom(9);
        int smaller = 0;
        for (int i = 0; i < 500; i++) {
            Node tree = variation.randomTree(random, 6);
            Node simple = Simplifier.simplify(tree);
            assertThat(simple.size()).isLessThanOrEqualTo(tree.size());
            if (simple.size() < tree.size()) {
                smaller++;
            }
            for (int k = 0; k < 5; k++) {
                PairInputs pair = new PairInputs(-random.nextDouble() * 4, -random.nextDouble() * 4,
                        -random.nextDouble() * 4, -random.nextDouble() * 4, 1 + random.nextInt(9), 1 + random.nextInt(9),
                        random.nextDouble(), random.nextGaussian(), random.nextGaussian(), 0.3);
                double before = TreeEvaluator.value(tree, pair);
                double after = TreeEvaluator.value(simple, pair);
                if (Double.isFinite(before)) {
                    assertThat(after).as(Trees.structure(tree, false)).isCloseTo(before, within(1e-9 * (1 + Math.abs(before))));
                }
            }
        }
        assertThat(smaller).isGreaterThan(20);
    }
}
