package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.BatchInput;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class VariationTest {

    private final EvolutionConfig config = EvolutionConfig.defaults(1);
    private final Variation variation = new Variation(config);
    private final List<Node> parents = SeedLibrary.available(config.capabilities()).stream()
            .map(SeedLibrary.Seed::tree).toList();

    /** Every node keeps the grammar's typing: operators over per-pair values, gates on per-pair selectors. */
    private static void assertWellTyped(Node tree) {
        assertThat(TypeRules.violation(tree, EnumSet.noneOf(BatchInput.class), 10_000, 10_000))
                .as(Trees.structure(tree, false))
                .satisfiesAnyOf(v -> assertThat(v).isEmpty(),
                        v -> assertThat(v.get()).contains("does not depend on the policy"));
        assertThat(tree.type()).isEqualTo(ValueType.ARRAY);
    }

    @Test
    void randomTreesAreWellTypedAndUseOnlyInputsTheTaskHas() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 500; i++) {
            Node tree = variation.randomTree(random, 1 + random.nextInt(6));
            assertWellTyped(tree);
            assertThat(tree.depth()).isLessThanOrEqualTo(7);
            assertThat(Trees.inputs(tree)).doesNotContain(Input.SOFT_LABEL, Input.REWARD_W, Input.REWARD_L);
        }
    }

    @Test
    void mutationsKeepTypesAndChangeTheTree() {
        SplittableRandom random = new SplittableRandom(2);
        int changed = 0;
        for (int i = 0; i < 400; i++) {
            Node parent = parents.get(random.nextInt(parents.size()));
            for (Node child : new Node[] {variation.subtreeMutation(random, parent), variation.pointMutation(random, parent)}) {
                assertWellTyped(child);
                if (!child.equals(parent)) {
                    changed++;
                }
            }
        }
        assertThat(changed).isGreaterThan(700);
    }

    @Test
    void pointMutationKeepsTheShapeOfTheTree() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            Node parent = parents.get(random.nextInt(parents.size()));
            Node child = variation.pointMutation(random, parent);
            assertThat(child.size()).isEqualTo(parent.size());
        }
    }

    @Test
    void constantPerturbationMovesOnlyConstantsAndKeepsTheirKinds() {
        SplittableRandom random = new SplittableRandom(4);
        Node lrml = SeedLibrary.tree("lrml").orElseThrow();
        Node cdpo = SeedLibrary.tree("cdpo").orElseThrow();
        for (int i = 0; i < 100; i++) {
            Node child = variation.constantPerturbation(random, cdpo);
            assertThat(Trees.structure(child, true)).isEqualTo(Trees.structure(cdpo, true));
            assertThat(Trees.constants(child)).extracting(ConstNode::value).doesNotContainSequence(0.9, 0.1);
            ConstNode tau = Trees.constants(variation.constantPerturbation(random, lrml)).get(0);
            assertThat(tau.kind()).isEqualTo(ConstKind.POSITIVE);
            assertThat(tau.value()).isPositive();
        }
        assertThat(variation.constantPerturbation(random, SeedLibrary.tree("dpo").orElseThrow())).isNull();
    }

    @Test
    void crossoverGraftsASubtreeOfTheDonor() {
        SplittableRandom random = new SplittableRandom(5);
        Node receiver = SeedLibrary.tree("hinge").orElseThrow();
        Node donor = SeedLibrary.tree("lrml").orElseThrow();
        Set<Node> donorSubtrees = new HashSet<>(Trees.preorder(donor));
        int grafted = 0;
        for (int i = 0; i < 200; i++) {
            Node child = variation.crossover(random, receiver, donor);
            if (child == null) {
                continue; // the receiver's node was a coefficient and lrml has none to give
            }
            assertWellTyped(child);
            // some subtree of the child that was not in the receiver comes from the donor
            boolean hasDonorPart = Trees.preorder(child).stream()
                    .anyMatch(n -> n.size() > 1 && donorSubtrees.contains(n) && !Trees.preorder(receiver).contains(n));
            if (hasDonorPart) {
                grafted++;
            }
        }
        // 3 of 4 receiver nodes are per-pair, 5 of the 8 per-pair donor subtrees are more than a leaf
        assertThat(grafted).isGreaterThan(60);
    }

    @Test
    void hoistAndShrinkMakeTreesSmaller() {
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 300; i++) {
            Node parent = parents.get(random.nextInt(parents.size()));
            Node hoisted = variation.hoist(random, parent);
            if (hoisted != null) {
                assertThat(hoisted.size()).isLessThan(parent.size());
                assertThat(Trees.preorder(parent)).contains(hoisted);
                assertWellTyped(hoisted);
            }
            Node shrunk = variation.shrink(random, parent);
            if (shrunk != null) {
                assertThat(shrunk.size()).isLessThan(parent.size());
                assertWellTyped(shrunk);
            }
        }
        assertThat(variation.hoist(random, Build.x())).isNull();
        assertThat(variation.shrink(random, Build.x())).isNull();
    }

    @Test
    void gateTemperaturesAreNeverReplacedByStructuralOperators() {
        SplittableRandom random = new SplittableRandom(7);
        Node lrml = SeedLibrary.tree("lrml").orElseThrow();
        for (int i = 0; i < 300; i++) {
            // GateNode's constructor would throw if a temperature became anything but a positive constant
            variation.subtreeMutation(random, lrml);
            variation.pointMutation(random, lrml);
            variation.crossover(random, lrml, lrml);
        }
        assertThat(Variation.tauIndices(lrml)).containsExactly(2);
    }
}
