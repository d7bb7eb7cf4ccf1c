package dev.lossforge.service.proposer.evolution;

import java.util.List;
import java.util.Objects;

/** A terminal: one of the batch inputs. */
public record InputNode(Input input) implements Node {

    public InputNode {
        Objects.requireNonNull(input, "input");
    }

    public static InputNode of(Input input) {
        return new InputNode(input);
    }

    @Override
    public List<Node> children() {
        return List.of();
    }

    @Override
    public Node withChildren(List<Node> children) {
        if (!children.isEmpty()) {
            throw new IllegalArgumentException("an input has no children");
        }
        return this;
    }

    @Override
    public ValueType type() {
        return input.type();
    }
}
