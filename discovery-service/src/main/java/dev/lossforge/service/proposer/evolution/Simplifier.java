package dev.lossforge.service.proposer.evolution;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Local rewrites that keep a tree's function and make it smaller and tidier before it is
 * proposed: constant folding, x + 0, x·1, x·0, x − x, double negation, sign rules of abs,
 * square and relu, β·ρ = βρ, a gate between two equal branches, and a fixed operand order for
 * + and ×. Unlike {@link CanonicalForm} it never expands or reorders beyond one node, so the
 * result still reads like the tree it came from.
 */
public final class Simplifier {

    /** Operators whose value is never negative, so relu and abs leave them alone. */
    private static final Set<UnaryOp> NON_NEGATIVE = EnumSet.of(
            UnaryOp.SQUARE, UnaryOp.ABS, UnaryOp.EXP, UnaryOp.SIGMOID, UnaryOp.SOFTPLUS, UnaryOp.RELU);

    private Simplifier() {
    }

    public static Node simplify(Node root) {
        return Trees.uniqueConstantNames(visit(root));
    }

    private static Node visit(Node node) {
        List<Node> children = node.children();
        if (!children.isEmpty()) {
            List<Node> simplified = new ArrayList<>(children.size());
            for (Node child : children) {
                simplified.add(visit(child));
            }
            node = node.withChildren(simplified);
        }
        for (int round = 0; round < 16; round++) {
            Node rewritten = rewrite(node);
            if (rewritten.equals(node)) {
                return node;
            }
            node = rewritten;
        }
        return node;
    }

    private static Node rewrite(Node node) {
        if (node instanceof UnaryNode unary) {
            return unary(unary);
        }
        if (node instanceof BinaryNode binary) {
            return binary(binary);
        }
        if (node instanceof GateNode gate && gate.high().equals(gate.low())) {
            return gate.high();
        }
        return node;
    }

    private static Node unary(UnaryNode node) {
        UnaryOp op = node.op();
        Node arg = node.arg();
        if (arg instanceof ConstNode constant) {
            return fold(constant.name(), op.apply(constant.value()), node);
        }
        UnaryOp inner = arg instanceof UnaryNode u ? u.op() : null;
        Node innerArg = arg instanceof UnaryNode u ? u.arg() : null;
        switch (op) {
            case NEG -> {
                if (inner == UnaryOp.NEG) {
                    return innerArg;
                }
            }
            case SQUARE, ABS -> {
                if (inner == UnaryOp.NEG) {
                    return UnaryNode.of(op, innerArg);
                }
                if (op == UnaryOp.ABS && inner != null && NON_NEGATIVE.contains(inner)) {
                    return arg;
                }
            }
            case RELU -> {
                if (inner != null && NON_NEGATIVE.contains(inner)) {
                    return arg;
                }
            }
            default -> {
            }
        }
        return node;
    }

    private static Node binary(BinaryNode node) {
        Node left = node.left();
        Node right = node.right();
        if (left instanceof ConstNode a && right instanceof ConstNode b) {
            return fold(a.name(), node.op().apply(a.value(), b.value()), node);
        }
        switch (node.op()) {
            case ADD -> {
                if (isConst(right, 0)) {
                    return left;
                }
                if (isConst(left, 0)) {
                    return right;
                }
                if (isNeg(right)) {
                    return BinaryNode.of(BinaryOp.SUB, left, ((UnaryNode) right).arg());
                }
                if (isNeg(left)) {
                    return BinaryNode.of(BinaryOp.SUB, right, ((UnaryNode) left).arg());
                }
                Node merged = mergeConstants(BinaryOp.ADD, left, right);
                if (merged != null) {
                    return merged;
                }
            }
            case SUB -> {
                if (isConst(right, 0)) {
                    return left;
                }
                if (isConst(left, 0)) {
                    return UnaryNode.of(UnaryOp.NEG, right);
                }
                if (left.equals(right)) {
                    return ConstNode.real("C", 0.0);
                }
                if (isNeg(right)) {
                    return BinaryNode.of(BinaryOp.ADD, left, ((UnaryNode) right).arg());
                }
            }
            case MUL -> {
                if (isConst(right, 1)) {
                    return left;
                }
                if (isConst(left, 1)) {
                    return right;
                }
                if (isConst(left, 0) || isConst(right, 0)) {
                    return ConstNode.real("C", 0.0);
                }
                if (isConst(left, -1)) {
                    return UnaryNode.of(UnaryOp.NEG, right);
                }
                if (isConst(right, -1)) {
                    return UnaryNode.of(UnaryOp.NEG, left);
                }
                if (isNeg(left) && isNeg(right)) {
                    return BinaryNode.of(BinaryOp.MUL, ((UnaryNode) left).arg(), ((UnaryNode) right).arg());
                }
                if (isInput(left, Input.BETA) && isInput(right, Input.RHO)
                        || isInput(left, Input.RHO) && isInput(right, Input.BETA)) {
                    return InputNode.of(Input.BETA_RHO);
                }
                Node merged = mergeConstants(BinaryOp.MUL, left, right);
                if (merged != null) {
                    return merged;
                }
            }
        }
        if (node.op().commutative() && order(left, right, node.op()) > 0) {
            return BinaryNode.of(node.op(), right, left);
        }
        return node;
    }

    /** c1 op (c2 op x) = (c1 op c2) op x for op in {+, ×}, whichever side the constants are on. */
    private static Node mergeConstants(BinaryOp op, Node left, Node right) {
        ConstNode outer = left instanceof ConstNode c ? c : right instanceof ConstNode c ? c : null;
        Node other = outer == left ? right : left;
        if (outer == null || !(other instanceof BinaryNode inner) || inner.op() != op) {
            return null;
        }
        ConstNode innerConst = inner.left() instanceof ConstNode c ? c : inner.right() instanceof ConstNode c ? c : null;
        if (innerConst == null) {
            return null;
        }
        Node rest = innerConst == inner.left() ? inner.right() : inner.left();
        double value = op.apply(outer.value(), innerConst.value());
        if (!ConstKind.REAL.admits(value)) {
            return null;
        }
        return BinaryNode.of(op, ConstNode.real(outer.name(), value), rest);
    }

    private static Node fold(String name, double value, Node unchanged) {
        if (!ConstKind.REAL.admits(value)) {
            return unchanged;
        }
        return ConstNode.real(name, value);
    }

    /** Operand order for + and ×: a coefficient before what it multiplies, a summand's constant last. */
    private static int order(Node left, Node right, BinaryOp op) {
        boolean leftScalar = left.type() == ValueType.SCALAR;
        boolean rightScalar = right.type() == ValueType.SCALAR;
        if (leftScalar != rightScalar) {
            boolean scalarFirst = op == BinaryOp.MUL;
            return leftScalar == scalarFirst ? -1 : 1;
        }
        return Trees.structure(left, false).compareTo(Trees.structure(right, false));
    }

    private static boolean isConst(Node node, double value) {
        return node instanceof ConstNode c && c.value() == value;
    }

    private static boolean isNeg(Node node) {
        return node instanceof UnaryNode u && u.op() == UnaryOp.NEG;
    }

    private static boolean isInput(Node node, Input input) {
        return node instanceof InputNode in && in.input() == input;
    }
}
