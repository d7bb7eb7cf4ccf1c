package dev.lossforge.service.proposer.evolution;

import java.util.List;
import java.util.Objects;

/**
 * The sigmoid-gated mix of two sub-losses, as in DiscoPOP's LRML:
 * σ(x/τ)·high + (1 − σ(x/τ))·low, with x = {@code selector} and τ a positive constant.
 * Where x ≫ τ the loss is {@code high}, where x ≪ −τ it is {@code low}.
 */
public record GateNode(Node selector, ConstNode tau, Node high, Node low) implements Node {

    public GateNode {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(tau, "tau");
        Objects.requireNonNull(high, "high");
        Objects.requireNonNull(low, "low");
        if (tau.kind() != ConstKind.POSITIVE) {
            throw new IllegalArgumentException("the temperature of a gate must be a positive constant, got "
                    + tau.kind().key() + " " + tau.name());
        }
    }

    @Override
    public List<Node> children() {
        return List.of(selector, tau, high, low);
    }

    @Override
    public Node withChildren(List<Node> children) {
        if (children.size() != 4) {
            throw new IllegalArgumentException("gate takes 4 arguments (selector, tau, high, low), got "
                    + children.size());
        }
        if (!(children.get(1) instanceof ConstNode newTau)) {
            throw new IllegalArgumentException("the temperature of a gate must be a constant");
        }
        return new GateNode(children.get(0), newTau, children.get(2), children.get(3));
    }

    @Override
    public ValueType type() {
        return selector.type() == ValueType.ARRAY || high.type() == ValueType.ARRAY || low.type() == ValueType.ARRAY
                ? ValueType.ARRAY : ValueType.SCALAR;
    }
}
