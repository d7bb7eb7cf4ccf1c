package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.BatchInput;

import java.util.Optional;
import java.util.Set;

/**
 * What makes a tree a loss rather than any expression.
 *
 * <ul>
 *   <li>The tree is per-pair ({@link ValueType#ARRAY}): one loss value per example.</li>
 *   <li>Operators apply to per-pair arguments only; scalar subtrees (constants, β, 1/(2β) and
 *       +, −, × of them) are coefficients. A gate switches on a per-pair selector.</li>
 *   <li>It reads only inputs the task has ({@code capabilities}).</li>
 *   <li>It depends on the policy once everything that cancels has cancelled (see
 *       {@link CanonicalForm#dependsOnPolicy()}): a loss without a gradient trains nothing.</li>
 *   <li>At most {@code maxSize} nodes and {@code maxDepth} levels (bloat control).</li>
 * </ul>
 */
public final class TypeRules {

    private TypeRules() {
    }

    /** @return why the tree is not a loss of this grammar, or empty when it is one */
    public static Optional<String> violation(Node root, Set<BatchInput> capabilities, int maxSize, int maxDepth) {
        if (root.type() != ValueType.ARRAY) {
            return Optional.of("the tree is one number for the whole batch; a loss has one value per pair");
        }
        if (root.size() > maxSize) {
            return Optional.of("the tree has " + root.size() + " nodes, more than the limit of " + maxSize);
        }
        if (root.depth() > maxDepth) {
            return Optional.of("the tree is " + root.depth() + " levels deep, more than the limit of " + maxDepth);
        }
        Optional<String> structural = structure(root, "$");
        if (structural.isPresent()) {
            return structural;
        }
        for (Input input : Trees.inputs(root)) {
            if (input.requires() != null && !capabilities.contains(input.requires())) {
                return Optional.of("the tree reads " + input.key() + ", which needs "
                        + input.requires().name().toLowerCase(java.util.Locale.ROOT) + " that this task does not have");
            }
        }
        if (!CanonicalForm.of(root).dependsOnPolicy()) {
            return Optional.of("the tree does not depend on the policy log-probabilities, so it has no gradient");
        }
        return Optional.empty();
    }

    /** @throws GenomeFormatException when {@link #violation} finds one */
    public static void check(Node root, Set<BatchInput> capabilities, int maxSize, int maxDepth) {
        violation(root, capabilities, maxSize, maxDepth).ifPresent(reason -> {
            throw new GenomeFormatException("$", reason);
        });
    }

    private static Optional<String> structure(Node node, String path) {
        if (node instanceof UnaryNode unary && unary.arg().type() != ValueType.ARRAY) {
            return Optional.of("at " + path + ": " + unary.op().key()
                    + " is applied to a scalar; operators take per-pair arguments");
        }
        if (node instanceof GateNode gate && gate.selector().type() != ValueType.ARRAY) {
            return Optional.of("at " + path + ": the gate's selector is a scalar; it must be per-pair");
        }
        int i = 0;
        for (Node child : node.children()) {
            Optional<String> found = structure(child, path + ".args[" + i + "]");
            if (found.isPresent()) {
                return found;
            }
            i++;
        }
        return Optional.empty();
    }
}
