package dev.lossforge.service.proposer.evolution;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Navigation and rewriting of trees by preorder index. */
public final class Trees {

    private Trees() {
    }

    /** Every node, root first, in preorder; a node's index here addresses it. */
    public static List<Node> preorder(Node root) {
        List<Node> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node node, List<Node> out) {
        out.add(node);
        for (Node child : node.children()) {
            collect(child, out);
        }
    }

    /** The tree with the node at preorder {@code index} replaced. */
    public static Node replace(Node root, int index, Node replacement) {
        if (index < 0 || index >= root.size()) {
            throw new IndexOutOfBoundsException("node " + index + " of a tree of " + root.size());
        }
        return replaceAt(root, index, replacement);
    }

    private static Node replaceAt(Node node, int index, Node replacement) {
        if (index == 0) {
            return replacement;
        }
        int offset = 1;
        List<Node> children = node.children();
        for (int i = 0; i < children.size(); i++) {
            Node child = children.get(i);
            int size = child.size();
            if (index < offset + size) {
                List<Node> updated = new ArrayList<>(children);
                updated.set(i, replaceAt(child, index - offset, replacement));
                return node.withChildren(updated);
            }
            offset += size;
        }
        throw new IllegalStateException("index out of the tree");
    }

    /** The constants in preorder (a gate's temperature included). */
    public static List<ConstNode> constants(Node root) {
        List<ConstNode> out = new ArrayList<>();
        for (Node node : preorder(root)) {
            if (node instanceof ConstNode constant) {
                out.add(constant);
            }
        }
        return out;
    }

    /** The tree with its constants, in preorder, set to {@code values} (clamped to their kinds). */
    public static Node withConstants(Node root, double[] values) {
        int count = constants(root).size();
        if (values.length != count) {
            throw new IllegalArgumentException("the tree has " + count + " constants, got " + values.length + " values");
        }
        int[] next = {0};
        return setConstants(root, values, next);
    }

    private static Node setConstants(Node node, double[] values, int[] next) {
        if (node instanceof ConstNode constant) {
            return constant.withValue(values[next[0]++]);
        }
        List<Node> children = node.children();
        if (children.isEmpty()) {
            return node;
        }
        List<Node> updated = new ArrayList<>(children.size());
        for (Node child : children) {
            updated.add(setConstants(child, values, next));
        }
        return node.withChildren(updated);
    }

    /** The inputs a tree reads. */
    public static Set<Input> inputs(Node root) {
        Set<Input> out = EnumSet.noneOf(Input.class);
        for (Node node : preorder(root)) {
            if (node instanceof InputNode input) {
                out.add(input.input());
            }
        }
        return out;
    }

    /**
     * The tree written out as an S-expression, e.g. {@code (softplus (neg beta_rho))}; constants
     * as their values, or as {@code #} when {@code abstractConstants} (the shape of a family whose
     * members differ only in their constants).
     */
    public static String structure(Node root, boolean abstractConstants) {
        StringBuilder out = new StringBuilder();
        write(root, abstractConstants, out);
        return out.toString();
    }

    private static void write(Node node, boolean abstractConstants, StringBuilder out) {
        if (node instanceof InputNode input) {
            out.append(input.input().key());
        } else if (node instanceof ConstNode constant) {
            out.append(abstractConstants ? "#" : Double.toString(constant.value()));
        } else {
            out.append('(').append(operatorKey(node));
            for (Node child : node.children()) {
                out.append(' ');
                write(child, abstractConstants, out);
            }
            out.append(')');
        }
    }

    static String operatorKey(Node node) {
        if (node instanceof UnaryNode unary) {
            return unary.op().key();
        }
        if (node instanceof BinaryNode binary) {
            return binary.op().key();
        }
        if (node instanceof GateNode) {
            return "gate";
        }
        throw new IllegalArgumentException("a leaf has no operator");
    }

    /**
     * Gives every constant a distinct name: the first use of a name keeps it, later ones get
     * {@code _2}, {@code _3}, … (after crossover two parents' {@code TAU}s meet in one tree).
     */
    public static Node uniqueConstantNames(Node root) {
        Map<String, Integer> seen = new HashMap<>();
        return rename(root, seen);
    }

    private static Node rename(Node node, Map<String, Integer> seen) {
        if (node instanceof ConstNode constant) {
            int uses = seen.merge(constant.name(), 1, Integer::sum);
            if (uses == 1) {
                return constant;
            }
            String base = constant.name().length() > 36 ? constant.name().substring(0, 36) : constant.name();
            String candidate = base + "_" + uses;
            while (seen.containsKey(candidate)) {
                uses++;
                candidate = base + "_" + uses;
            }
            seen.put(candidate, 1);
            return constant.withName(candidate);
        }
        List<Node> children = node.children();
        if (children.isEmpty()) {
            return node;
        }
        List<Node> updated = new ArrayList<>(children.size());
        for (Node child : children) {
            updated.add(rename(child, seen));
        }
        return node.withChildren(updated);
    }
}
