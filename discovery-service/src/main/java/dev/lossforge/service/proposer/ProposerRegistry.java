package dev.lossforge.service.proposer;

import dev.lossforge.service.web.InvalidRequestException;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The proposer beans, by name. */
@Component
public class ProposerRegistry {

    /** Proposers the product knows, whether or not this build has them yet. */
    private static final List<String> KNOWN = List.of("baselines", "evolution", "llm");

    private final Map<String, Proposer> proposers = new LinkedHashMap<>();

    public ProposerRegistry(List<Proposer> beans) {
        for (Proposer p : beans) {
            if (proposers.put(p.name(), p) != null) {
                throw new IllegalStateException("two proposers are named " + p.name());
            }
        }
    }

    /** @throws InvalidRequestException naming {@code proposer} when there is no such proposer here */
    public Proposer require(String name) {
        Proposer proposer = proposers.get(name);
        if (proposer != null) {
            return proposer;
        }
        Set<String> names = new TreeSet<>(proposers.keySet());
        if (KNOWN.contains(name)) {
            throw new InvalidRequestException("proposer", "proposer '" + name + "' is not available in this build "
                    + "yet (available: " + String.join(", ", names) + ")");
        }
        names.addAll(KNOWN);
        throw new InvalidRequestException("proposer", "unknown proposer '" + name + "' (known: "
                + String.join(", ", names) + ")");
    }

    public Set<String> available() {
        return proposers.keySet();
    }
}
