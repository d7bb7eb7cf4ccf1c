package dev.lossforge.service.proposer.evolution;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named constant. The name becomes a {@code public static final double} of the rendered class,
 * so a reader (and a search) can see and vary it; names do not take part in canonical forms.
 */
public record ConstNode(String name, double value, ConstKind kind) implements Node {

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");

    public ConstNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("constant name '" + name
                    + "' must be upper case letters, digits and _ (a Java constant name), at most 40 characters");
        }
        if (!kind.admits(value)) {
            throw new IllegalArgumentException("constant " + name + " = " + value + " is outside the range of a "
                    + kind.key() + " constant");
        }
        if (value == 0.0) {
            value = 0.0; // -0.0 and 0.0 are one constant
        }
    }

    public static ConstNode real(String name, double value) {
        return new ConstNode(name, value, ConstKind.REAL);
    }

    public static ConstNode positive(String name, double value) {
        return new ConstNode(name, value, ConstKind.POSITIVE);
    }

    public ConstNode withValue(double newValue) {
        return new ConstNode(name, kind.clamp(newValue), kind);
    }

    public ConstNode withName(String newName) {
        return new ConstNode(newName, value, kind);
    }

    @Override
    public List<Node> children() {
        return List.of();
    }

    @Override
    public Node withChildren(List<Node> children) {
        if (!children.isEmpty()) {
            throw new IllegalArgumentException("a constant has no children");
        }
        return this;
    }

    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }
}
