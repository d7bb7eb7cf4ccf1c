package dev.lossforge.service.proposer.evolution;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Readable names and one-line hypotheses for proposed trees: {@code gated-exp-logistic-7f3a}
 * names the families the tree mixes, in the order they appear from the root, and ends in the
 * first hex digits of the canonical hash so that different trees get different names.
 */
public final class Naming {

    private static final int MAX_WORDS = 3;

    private Naming() {
    }

    /** e.g. {@code gated-exp-logistic-7f3a}; a seed keeps its built-in name with {@code -seed}. */
    public static String name(Node tree, Origin origin, String canonicalHash) {
        return name(tree, origin, canonicalHash, 4);
    }

    /**
     * The shortest of the names with 4, 8 or 16 hex digits that {@code taken} does not hold yet
     * (two trees whose hashes share their first 4 digits and their words still get two names).
     */
    public static String unique(Node tree, Origin origin, String canonicalHash, java.util.Set<String> taken) {
        String name = name(tree, origin, canonicalHash, 4);
        for (int digits = 8; taken.contains(name) && digits <= canonicalHash.length(); digits *= 2) {
            name = name(tree, origin, canonicalHash, digits);
        }
        return name;
    }

    static String name(Node tree, Origin origin, String canonicalHash, int digits) {
        if (origin != null && origin.operator() == Operator.SEED) {
            return origin.seedName() + "-seed";
        }
        Set<String> words = new LinkedHashSet<>();
        for (Node node : Trees.preorder(tree)) {
            String word = word(node);
            if (word != null) {
                words.add(word);
            }
        }
        List<String> picked = new ArrayList<>(words);
        if (picked.isEmpty()) {
            picked.add("linear");
        }
        if (picked.size() > MAX_WORDS) {
            picked = picked.subList(0, MAX_WORDS);
        }
        return String.join("-", picked) + "-" + canonicalHash.substring(0, Math.min(digits, canonicalHash.length()));
    }

    /** The name as a Java class name: {@code GatedExpLogistic7f3aLoss}. */
    public static String className(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        if (out.length() == 0 || !Character.isJavaIdentifierStart(out.charAt(0))) {
            out.insert(0, "Evolved");
        }
        return out + "Loss";
    }

    /** One line: where the tree came from and what shape it has. */
    public static String hypothesis(Origin origin, BehaviourDescriptor shape) {
        return provenance(origin) + ": a loss that " + shape.inWords() + ".";
    }

    static String provenance(Origin origin) {
        List<Long> p = origin.parents();
        return switch (origin.operator()) {
            case SEED -> "The built-in loss " + origin.seedName() + " as a tree, part of the starting population";
            case SUBTREE_MUTATION -> "Subtree mutation of #" + p.get(0);
            case POINT_MUTATION -> "Operator swap in #" + p.get(0);
            case CONSTANT_PERTURBATION -> "Constants of #" + p.get(0) + " perturbed";
            case CROSSOVER -> "Crossover of #" + p.get(0) + " and #" + p.get(1);
            case HOIST -> "A subtree of #" + p.get(0) + " hoisted to the root";
            case SHRINK -> "#" + p.get(0) + " shrunk";
            case RANDOM -> "A freshly grown tree";
            case ES_PLUS, ES_MINUS -> "Evolution-strategy sample " + (origin.es().pair() + 1)
                    + (origin.operator() == Operator.ES_PLUS ? "+" : "−") + " of the constants of #" + p.get(0);
            case ES_CENTER -> "Evolution-strategy mean of the constants of #" + p.get(0) + " after "
                    + origin.es().pair() + " pairs";
        };
    }

    private static String word(Node node) {
        if (node instanceof GateNode) {
            return "gated";
        }
        if (!(node instanceof UnaryNode unary)) {
            return null;
        }
        return switch (unary.op()) {
            case SOFTPLUS -> unary.arg() instanceof UnaryNode inner && inner.op() == UnaryOp.NEG ? "logistic" : "softplus";
            case LOG_SIGMOID -> "logsigmoid";
            case RELU -> "hinge";
            case SQUARE -> "squared";
            case NEG -> null;
            default -> unary.op().key().toLowerCase(Locale.ROOT);
        };
    }
}
