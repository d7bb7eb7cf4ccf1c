package dev.lossforge.service.proposer.llm;

import java.util.List;
import java.util.Objects;

/**
 * A loss taken from a model's reply.
 *
 * @param thought the hypothesis, as the model stated it (may be empty)
 * @param name    the name, normalised to lower-case kebab case
 * @param code    the Java source, with any missing standard import added
 * @param fixes   what the parser had to repair to get here, for the record ("added import ...")
 */
public record ParsedReply(String thought, String name, String code, List<String> fixes) {

    public ParsedReply {
        Objects.requireNonNull(thought, "thought");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(code, "code");
        fixes = List.copyOf(fixes);
    }
}
