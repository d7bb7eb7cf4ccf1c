package dev.lossforge.service.proposer.evolution;

import java.util.List;
import java.util.Objects;

/** op(arg). The grammar applies operators to per-pair arguments only ({@link TypeRules}). */
public record UnaryNode(UnaryOp op, Node arg) implements Node {

    public UnaryNode {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(arg, "arg");
    }

    public static UnaryNode of(UnaryOp op, Node arg) {
        return new UnaryNode(op, arg);
    }

    @Override
    public List<Node> children() {
        return List.of(arg);
    }

    @Override
    public Node withChildren(List<Node> children) {
        if (children.size() != 1) {
            throw new IllegalArgumentException(op.key() + " takes 1 argument, got " + children.size());
        }
        return new UnaryNode(op, children.get(0));
    }

    @Override
    public ValueType type() {
        return arg.type();
    }
}
