package dev.lossforge.service.proposer.evolution;

import java.util.List;
import java.util.Objects;

/** left op right. Per-pair when either side is. */
public record BinaryNode(BinaryOp op, Node left, Node right) implements Node {

    public BinaryNode {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }

    public static BinaryNode of(BinaryOp op, Node left, Node right) {
        return new BinaryNode(op, left, right);
    }

    @Override
    public List<Node> children() {
        return List.of(left, right);
    }

    @Override
    public Node withChildren(List<Node> children) {
        if (children.size() != 2) {
            throw new IllegalArgumentException(op.key() + " takes 2 arguments, got " + children.size());
        }
        return new BinaryNode(op, children.get(0), children.get(1));
    }

    @Override
    public ValueType type() {
        return left.type() == ValueType.ARRAY || right.type() == ValueType.ARRAY ? ValueType.ARRAY : ValueType.SCALAR;
    }
}
