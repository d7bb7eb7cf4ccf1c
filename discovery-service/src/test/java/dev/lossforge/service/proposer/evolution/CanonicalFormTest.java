package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.BatchInput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

import static dev.lossforge.service.proposer.evolution.Build.add;
import static dev.lossforge.service.proposer.evolution.Build.c;
import static dev.lossforge.service.proposer.evolution.Build.exp;
import static dev.lossforge.service.proposer.evolution.Build.gate;
import static dev.lossforge.service.proposer.evolution.Build.in;
import static dev.lossforge.service.proposer.evolution.Build.logSigmoid;
import static dev.lossforge.service.proposer.evolution.Build.mul;
import static dev.lossforge.service.proposer.evolution.Build.neg;
import static dev.lossforge.service.proposer.evolution.Build.positive;
import static dev.lossforge.service.proposer.evolution.Build.relu;
import static dev.lossforge.service.proposer.evolution.Build.sigmoid;
import static dev.lossforge.service.proposer.evolution.Build.softplus;
import static dev.lossforge.service.proposer.evolution.Build.square;
import static dev.lossforge.service.proposer.evolution.Build.sub;
import static dev.lossforge.service.proposer.evolution.Build.x;
import static org.assertj.core.api.Assertions.assertThat;

class CanonicalFormTest {

    private static String key(Node node) {
        return CanonicalForm.of(node).key();
    }

    private static final Node HW = in(Input.H_W);
    private static final Node HL = in(Input.H_L);

    @Test
    void equalFunctionsWrittenDifferentlyShareAKey() {
        Node dpo = softplus(neg(x()));
        assertThat(key(neg(logSigmoid(x())))).isEqualTo(key(dpo));
        assertThat(key(softplus(neg(mul(in(Input.BETA), in(Input.RHO)))))).isEqualTo(key(dpo));
        assertThat(key(softplus(mul(in(Input.BETA), sub(HL, HW))))).isEqualTo(key(dpo));
        // commutativity, associativity, distributivity
        assertThat(key(add(HW, mul(c("A", 2), HL)))).isEqualTo(key(add(mul(HL, c("B", 2)), HW)));
        assertThat(key(mul(c("A", 3), add(HW, HL)))).isEqualTo(key(add(mul(c("B", 3), HL), mul(HW, c("C", 3)))));
        // x − x, x·1, double negation, folding
        assertThat(key(add(sub(square(HW), square(HW)), relu(HL)))).isEqualTo(key(relu(HL)));
        assertThat(key(mul(c("ONE", 1), neg(neg(relu(HL)))))).isEqualTo(key(relu(HL)));
        assertThat(key(mul(mul(c("A", 2), c("B", 0.25)), exp(mul(c("C", 0.5), HW)))))
                .isEqualTo(key(exp(mul(c("D", 0.5), HW))));
        // square(a − b) = square(b − a) = a² − 2ab + b²
        assertThat(key(square(sub(HW, HL)))).isEqualTo(key(square(sub(HL, HW))));
        assertThat(key(square(sub(HW, HL)))).isEqualTo(key(add(sub(mul(HW, HW), mul(c("T", 2), mul(HW, HL))), mul(HL, HL))));
        // σ(−z) = 1 − σ(z), up to the constant term that training does not see
        assertThat(key(sigmoid(neg(HW)))).isEqualTo(key(neg(sigmoid(HW))));
        // relu(z) − relu(−z) = z
        assertThat(key(sub(relu(HW), relu(neg(HW))))).isEqualTo(key(HW));
    }

    @Test
    void robustDpoAndCdpoAreDpoPlusALinearTerm() {
        // robust-dpo = 1.125·softplus(−x) − 0.125·softplus(x) = softplus(x) − 1.125x, and DPO = softplus(x) − x:
        // different functions, different keys; the identity still lines them up term by term
        Node robust = SeedLibrary.tree("robust-dpo").orElseThrow();
        Node same = sub(softplus(x()), mul(c("K", 1.125), x()));
        assertThat(key(robust)).isEqualTo(key(same));
        assertThat(key(robust)).isNotEqualTo(key(SeedLibrary.tree("dpo").orElseThrow()));
    }

    @Test
    void positiveScaleAndAdditiveConstantsDoNotMakeANewLoss() {
        Node dpo = softplus(neg(x()));
        assertThat(key(mul(c("TWO", 2), dpo))).isEqualTo(key(dpo));
        assertThat(key(add(dpo, c("ONE", 1)))).isEqualTo(key(dpo));
        assertThat(key(neg(dpo))).isNotEqualTo(key(dpo));
        // but scale inside an operator is a different loss
        assertThat(key(softplus(neg(mul(c("TWO", 2), x()))))).isNotEqualTo(key(dpo));
    }

    @Test
    void gatesAreSigmoidAlgebra() {
        ConstNode tau = positive("TAU", 0.05);
        Node g = gate(x(), tau, exp(neg(x())), softplus(neg(x())));
        // σ(x/τ)·a + σ(−x/τ)·b, written out by hand
        Node byHand = add(mul(sigmoid(mul(c("INV", 20), x())), exp(neg(x()))),
                mul(sigmoid(neg(mul(c("INV", 20), x()))), softplus(neg(x()))));
        assertThat(key(g)).isEqualTo(key(byHand));
        // swapping the branches and negating the selector is the same gate
        assertThat(key(gate(neg(x()), tau, softplus(neg(x())), exp(neg(x()))))).isEqualTo(key(g));
        // a gate between equal branches is the branch
        assertThat(key(gate(HW, tau, relu(HL), relu(HL)))).isEqualTo(key(relu(HL)));
    }

    @Test
    void differentFunctionsGetDifferentKeys() {
        List<Node> distinct = List.of(softplus(neg(x())), softplus(x()), relu(sub(c("M", 1), x())),
                relu(sub(c("M", 2), x())), square(x()), exp(neg(x())), sigmoid(neg(x())),
                softplus(neg(in(Input.RHO))), softplus(neg(HW)), add(softplus(neg(HW)), softplus(HL)),
                Build.op(UnaryOp.TANH, neg(x())), Build.op(UnaryOp.ABS, sub(x(), c("M", 1))));
        assertThat(distinct.stream().map(CanonicalFormTest::key).distinct().count()).isEqualTo(distinct.size());
        assertThat(distinct.stream().map(n -> CanonicalForm.of(n).hash()).distinct().count()).isEqualTo(distinct.size());
    }

    @Test
    void constantsAreComparedToSixSignificantDigitsAndNamesDoNotCount() {
        assertThat(key(relu(sub(c("MARGIN", 1.0), x())))).isEqualTo(key(relu(sub(c("OTHER", 1.0000001), x()))));
        assertThat(key(relu(sub(c("MARGIN", 1.0), x())))).isNotEqualTo(key(relu(sub(c("MARGIN", 1.001), x()))));
    }

    @Test
    void policyDependenceSurvivesOnlyWhatDoesNotCancel() {
        assertThat(CanonicalForm.of(sub(x(), x())).dependsOnPolicy()).isFalse();
        assertThat(CanonicalForm.of(sub(x(), x())).isConstant()).isTrue();
        assertThat(CanonicalForm.of(square(in(Input.LEN_W))).dependsOnPolicy()).isFalse();
        assertThat(CanonicalForm.of(mul(in(Input.LEN_W), softplus(HW))).dependsOnPolicy()).isTrue();
        // ρ − h_w + h_l is 0
        assertThat(CanonicalForm.of(add(sub(in(Input.RHO), HW), HL)).dependsOnPolicy()).isFalse();
    }

    @Test
    void reorderingOperandsOfRandomTreesNeverChangesTheKey() {
        Variation variation = new Variation(EvolutionConfig.defaults(1));
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 300; i++) {
            Node tree = variation.randomTree(random, 5);
            assertThat(key(mirror(tree))).as(Trees.structure(tree, false)).isEqualTo(key(tree));
        }
    }

    /** The same function with every + and × operand pair swapped and every a − b written −(b − a). */
    private static Node mirror(Node node) {
        List<Node> children = new ArrayList<>();
        for (Node child : node.children()) {
            children.add(child instanceof ConstNode ? child : mirror(child));
        }
        Node rebuilt = node.children().isEmpty() ? node : node.withChildren(children);
        if (rebuilt instanceof BinaryNode b) {
            return switch (b.op()) {
                case ADD, MUL -> BinaryNode.of(b.op(), b.right(), b.left());
                case SUB -> neg(sub(b.right(), b.left()));
            };
        }
        return rebuilt;
    }

    @Test
    void rewritesOfTheSimplifierKeepTheKey() {
        Variation variation = new Variation(EvolutionConfig.defaults(1).withCapabilities(EnumSet.allOf(BatchInput.class)));
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 300; i++) {
            Node tree = variation.randomTree(random, 6);
            assertThat(key(Simplifier.simplify(tree))).as(Trees.structure(tree, false)).isEqualTo(key(tree));
        }
    }
}
