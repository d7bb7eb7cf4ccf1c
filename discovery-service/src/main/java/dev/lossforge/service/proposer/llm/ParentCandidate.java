package dev.lossforge.service.proposer.llm;

import java.util.Objects;

/**
 * A candidate the model is asked to improve.
 *
 * @param id         its id (recorded as the new candidate's parent)
 * @param name       its name
 * @param hypothesis the idea behind it, or {@code null}
 * @param code       its Java source
 * @param fitness    mean fitness, or {@code null}
 * @param ciLow      lower end of the 95% CI, or {@code null}
 * @param ciHigh     upper end of the 95% CI, or {@code null}
 */
public record ParentCandidate(String id, String name, String hypothesis, String code, Double fitness, Double ciLow,
                              Double ciHigh) {

    public ParentCandidate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(code, "code");
    }
}
