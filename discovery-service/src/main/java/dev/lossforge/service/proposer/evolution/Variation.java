package dev.lossforge.service.proposer.evolution;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random trees and the variation operators. Every operator keeps types: a per-pair subtree is
 * only replaced by a per-pair one, a coefficient by a coefficient, and a gate's temperature
 * stays a positive constant. Results may still break {@link TypeRules} (too big, no longer
 * depending on the policy) or be unviable; the engine checks and retries.
 */
final class Variation {

    private static final double[] PALETTE = {0.1, 0.25, 0.5, 1.0, 2.0, 5.0};

    private final List<Input> arrayInputs = new ArrayList<>();
    private final double[] arrayWeights;

    Variation(EvolutionConfig config) {
        List<Double> weights = new ArrayList<>();
        for (Input input : Input.values()) {
            if (input.type() != ValueType.ARRAY
                    || input.requires() != null && !config.capabilities().contains(input.requires())) {
                continue;
            }
            arrayInputs.add(input);
            weights.add(switch (input) {
                case BETA_RHO -> 6.0;
                case RHO -> 1.0;
                case H_W, H_L -> 1.5;
                case H_W_PER_TOKEN, H_L_PER_TOKEN, A_W, A_L -> 0.4;
                case A_W_PER_TOKEN, A_L_PER_TOKEN, SOFT_LABEL, REWARD_W, REWARD_L -> 0.3;
                default -> 0.1;
            });
        }
        arrayWeights = weights.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A freshly grown per-pair tree of at most {@code depth} levels (the ramped "grow" method). */
    Node randomTree(SplittableRandom random, int depth) {
        return grow(random, ValueType.ARRAY, depth);
    }

    Node grow(SplittableRandom random, ValueType type, int depth) {
        if (type == ValueType.SCALAR) {
            if (depth <= 1 || random.nextDouble() < 0.75) {
                return scalarTerminal(random);
            }
            BinaryOp op = random.nextDouble() < 0.7 ? BinaryOp.MUL : BinaryOp.ADD;
            return BinaryNode.of(op, grow(random, ValueType.SCALAR, depth - 1), grow(random, ValueType.SCALAR, depth - 1));
        }
        if (depth <= 1 || random.nextDouble() < 0.25) {
            return arrayTerminal(random);
        }
        double kind = random.nextDouble();
        if (kind < 0.45) {
            return UnaryNode.of(unaryOp(random), grow(random, ValueType.ARRAY, depth - 1));
        }
        if (kind < 0.87) {
            BinaryOp op = BinaryOp.values()[random.nextInt(3)];
            Node array = grow(random, ValueType.ARRAY, depth - 1);
            if (random.nextDouble() < 0.35) {
                Node scalar = grow(random, ValueType.SCALAR, Math.min(2, depth - 1));
                return random.nextBoolean() ? BinaryNode.of(op, scalar, array) : BinaryNode.of(op, array, scalar);
            }
            return BinaryNode.of(op, array, grow(random, ValueType.ARRAY, depth - 1));
        }
        Node selector = random.nextDouble() < 0.6 ? InputNode.of(Input.BETA_RHO)
                : grow(random, ValueType.ARRAY, Math.min(2, depth - 1));
        return new GateNode(selector, randomConstant(random, ConstKind.POSITIVE),
                grow(random, ValueType.ARRAY, depth - 1), grow(random, ValueType.ARRAY, depth - 1));
    }

    Node arrayTerminal(SplittableRandom random) {
        return InputNode.of(arrayInputs.get(pick(random, arrayWeights)));
    }

    Node scalarTerminal(SplittableRandom random) {
        double u = random.nextDouble();
        if (u < 0.7) {
            return randomConstant(random, ConstKind.REAL);
        }
        return InputNode.of(u < 0.9 ? Input.BETA : Input.INV_TWO_BETA);
    }

    ConstNode randomConstant(SplittableRandom random, ConstKind kind) {
        if (kind == ConstKind.POSITIVE) {
            // log-uniform over [0.02, 2]: gate temperatures from sharp to gentle
            return ConstNode.positive("TAU", Math.exp(Math.log(0.02) + random.nextDouble() * Math.log(100)));
        }
        double magnitude = PALETTE[random.nextInt(PALETTE.length)];
        return ConstNode.real("C", random.nextDouble() < 0.2 ? -magnitude : magnitude);
    }

    private static UnaryOp unaryOp(SplittableRandom random) {
        // logistic-type operators are what preference losses are mostly made of
        double[] weights = {2, 2.5, 1, 1, 0.5, 1, 1, 1, 1.5};
        return UnaryOp.values()[pick(random, weights)];
    }

    /** A random node (gate temperatures excluded) replaced by a freshly grown subtree of its type. */
    Node subtreeMutation(SplittableRandom random, Node parent) {
        int index = pickNode(random, parent, false);
        Node old = Trees.preorder(parent).get(index);
        Node replacement = grow(random, old.type(), 1 + random.nextInt(4));
        return Trees.replace(parent, index, replacement);
    }

    /** One node swapped for another of the same arity and type. */
    Node pointMutation(SplittableRandom random, Node parent) {
        int index = pickNode(random, parent, false);
        Node old = Trees.preorder(parent).get(index);
        Node replacement;
        if (old instanceof InputNode input) {
            replacement = input.type() == ValueType.ARRAY ? arrayTerminal(random) : scalarTerminal(random);
        } else if (old instanceof ConstNode constant) {
            replacement = random.nextBoolean() ? randomConstant(random, constant.kind())
                    : InputNode.of(random.nextBoolean() ? Input.BETA : Input.INV_TWO_BETA);
        } else if (old instanceof UnaryNode unary) {
            UnaryOp op = unary.op();
            while (op == unary.op()) {
                op = unaryOp(random);
            }
            replacement = UnaryNode.of(op, unary.arg());
        } else if (old instanceof BinaryNode binary) {
            BinaryOp op = BinaryOp.values()[(binary.op().ordinal() + 1 + random.nextInt(2)) % 3];
            replacement = BinaryNode.of(op, binary.left(), binary.right());
        } else {
            GateNode gate = (GateNode) old;
            replacement = new GateNode(gate.selector(), gate.tau(), gate.low(), gate.high());
        }
        return Trees.replace(parent, index, replacement);
    }

    /**
     * Every constant moved: REAL ones by N(0, (0.2·max(|c|, 0.1))²), POSITIVE ones by a factor
     * e^{N(0, 0.3²)}. {@code null} when the tree has no constant.
     */
    Node constantPerturbation(SplittableRandom random, Node parent) {
        List<ConstNode> constants = Trees.constants(parent);
        if (constants.isEmpty()) {
            return null;
        }
        double[] values = new double[constants.size()];
        for (int i = 0; i < values.length; i++) {
            ConstNode c = constants.get(i);
            values[i] = c.kind() == ConstKind.POSITIVE
                    ? c.value() * Math.exp(0.3 * random.nextGaussian())
                    : c.value() + 0.2 * Math.max(Math.abs(c.value()), 0.1) * random.nextGaussian();
        }
        return Trees.withConstants(parent, values);
    }

    /** A node of {@code receiver} replaced by a subtree of {@code donor} of the same type. */
    Node crossover(SplittableRandom random, Node receiver, Node donor) {
        int index = pickNode(random, receiver, false);
        ValueType type = Trees.preorder(receiver).get(index).type();
        List<Node> donorNodes = Trees.preorder(donor);
        Set<Integer> donorTaus = tauIndices(donor);
        List<Node> matching = new ArrayList<>();
        for (int i = 0; i < donorNodes.size(); i++) {
            if (!donorTaus.contains(i) && donorNodes.get(i).type() == type) {
                matching.add(donorNodes.get(i));
            }
        }
        if (matching.isEmpty()) {
            return null;
        }
        return Trees.replace(receiver, index, matching.get(random.nextInt(matching.size())));
    }

    /** A per-pair subtree that reads the policy becomes the tree; {@code null} when there is none. */
    Node hoist(SplittableRandom random, Node parent) {
        List<Node> nodes = Trees.preorder(parent);
        List<Node> candidates = new ArrayList<>();
        for (int i = 1; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (node.type() == ValueType.ARRAY && !node.children().isEmpty()) {
                candidates.add(node);
            }
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    /** An inner node below the root replaced by a terminal of its type; {@code null} when there is none. */
    Node shrink(SplittableRandom random, Node parent) {
        List<Node> nodes = Trees.preorder(parent);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 1; i < nodes.size(); i++) {
            if (!nodes.get(i).children().isEmpty()) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        int index = candidates.get(random.nextInt(candidates.size()));
        Node old = nodes.get(index);
        Node terminal = old.type() == ValueType.ARRAY ? arrayTerminal(random) : scalarTerminal(random);
        return Trees.replace(parent, index, terminal);
    }

    /** A node index, uniformly, never a gate's temperature. */
    private static int pickNode(SplittableRandom random, Node tree, boolean allowTau) {
        Set<Integer> taus = allowTau ? Set.of() : tauIndices(tree);
        int size = tree.size();
        while (true) {
            int index = random.nextInt(size);
            if (!taus.contains(index)) {
                return index;
            }
        }
    }

    /** Preorder indices of gate temperatures, which only constant moves may touch. */
    static Set<Integer> tauIndices(Node tree) {
        Set<Integer> out = new HashSet<>();
        List<Node> nodes = Trees.preorder(tree);
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) instanceof GateNode gate) {
                out.add(i + 1 + gate.selector().size());
            }
        }
        return out;
    }

    static int pick(SplittableRandom random, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0 && weights[i] > 0) {
                return i;
            }
        }
        for (int i = weights.length - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("no positive weight");
    }
}
