package dev.lossforge.service.proposer;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A campaign's proposer settings once checked and completed with the proposer's defaults.
 *
 * @param config        what the campaign stores as {@code proposerConfig} (never a secret)
 * @param tokenBudget   the campaign's limit on LLM tokens, or {@code null} for none
 * @param costBudgetUsd the campaign's limit on LLM cost in US dollars, or {@code null} for none
 */
public record ProposerSettings(Map<String, Object> config, Long tokenBudget, BigDecimal costBudgetUsd) {

    public ProposerSettings {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** Settings stored as given, with no spending limits. */
    public static ProposerSettings of(Map<String, Object> config) {
        return new ProposerSettings(config, null, null);
    }
}
