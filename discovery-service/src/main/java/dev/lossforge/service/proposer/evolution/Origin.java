package dev.lossforge.service.proposer.evolution;

import java.util.List;
import java.util.Objects;

/**
 * Where a proposed tree came from.
 *
 * @param operator the variation that made it
 * @param parents  the candidate ids it was made from (none for seeds and random trees)
 * @param seedName the built-in loss, for {@link Operator#SEED}; otherwise {@code null}
 * @param es       the evolution-strategy bookkeeping, for ES operators; otherwise {@code null}
 */
public record Origin(Operator operator, List<Long> parents, String seedName, EsTag es) {

    public Origin {
        Objects.requireNonNull(operator, "operator");
        parents = List.copyOf(parents);
        if ((operator == Operator.SEED) != (seedName != null)) {
            throw new IllegalArgumentException("a seed names its built-in loss, and only a seed does");
        }
        if (operator.isEvolutionStrategy() != (es != null)) {
            throw new IllegalArgumentException("evolution-strategy candidates carry an EsTag, and only they do");
        }
    }

    public static Origin seed(String name) {
        return new Origin(Operator.SEED, List.of(), name, null);
    }

    public static Origin of(Operator operator, List<Long> parents) {
        return new Origin(operator, parents, null, null);
    }

    public static Origin es(Operator operator, long parent, EsTag tag) {
        return new Origin(operator, List.of(parent), null, tag);
    }
}
