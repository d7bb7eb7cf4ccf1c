package dev.lossforge.service.proposer.evolution;

import java.util.Locale;

/** How a proposed tree came about. */
public enum Operator {
    /** A built-in loss of the initial population. */
    SEED,
    /** A random subtree replaced by a freshly grown one. */
    SUBTREE_MUTATION,
    /** One operator, input or constant swapped for another of the same arity and type. */
    POINT_MUTATION,
    /** Every constant nudged by Gaussian noise. */
    CONSTANT_PERTURBATION,
    /** A subtree of one parent replaced by a subtree of another. */
    CROSSOVER,
    /** A subtree promoted to be the whole tree (fights bloat). */
    HOIST,
    /** A subtree replaced by a terminal (fights bloat). */
    SHRINK,
    /** A freshly grown tree (immigrant). */
    RANDOM,
    /** An evolution-strategy sample: constants at centre + σ·noise. */
    ES_PLUS,
    /** Its antithetic twin: constants at centre − σ·noise. */
    ES_MINUS,
    /** The evolution strategy's current mean. */
    ES_CENTER;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the operator, or {@code null} when none has that key */
    public static Operator byKey(String key) {
        for (Operator op : values()) {
            if (op.key().equals(key)) {
                return op;
            }
        }
        return null;
    }

    public boolean isEvolutionStrategy() {
        return this == ES_PLUS || this == ES_MINUS || this == ES_CENTER;
    }
}
