package dev.lossforge.service.proposer.evolution;

import java.util.List;

/**
 * An immutable expression tree; the genome of the evolutionary proposer. The value of the whole
 * tree is the per-example loss. Trees are records, so equal trees are {@code equals}; algebraic
 * equality is {@link CanonicalForm}'s business.
 */
public sealed interface Node permits InputNode, ConstNode, UnaryNode, BinaryNode, GateNode {

    /** The direct subtrees, left to right. */
    List<Node> children();

    /** The same node over other subtrees (as many as {@link #children()} has). */
    Node withChildren(List<Node> children);

    /** What this subtree evaluates to: per-pair or one scalar for the whole batch. */
    ValueType type();

    /** Number of nodes. */
    default int size() {
        int size = 1;
        for (Node child : children()) {
            size += child.size();
        }
        return size;
    }

    /** Length of the longest root-to-leaf path, in nodes (a leaf has depth 1). */
    default int depth() {
        int deepest = 0;
        for (Node child : children()) {
            deepest = Math.max(deepest, child.depth());
        }
        return deepest + 1;
    }
}
