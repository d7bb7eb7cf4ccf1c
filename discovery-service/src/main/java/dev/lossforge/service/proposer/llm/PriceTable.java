package dev.lossforge.service.proposer.llm;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Configured prices by model name. A model without an entry has no cost: its calls record
 * tokens only, and a cost budget cannot see them (token budgets still can).
 */
public record PriceTable(Map<String, ModelPrice> byModel) {

    public PriceTable {
        byModel = byModel == null ? Map.of() : Map.copyOf(byModel);
    }

    public static PriceTable none() {
        return new PriceTable(Map.of());
    }

    public Optional<ModelPrice> priceOf(String model) {
        return Optional.ofNullable(byModel.get(model));
    }

    /** The cost of a call, or {@code null} when the model has no configured price. */
    public BigDecimal costOf(String model, long inputTokens, long outputTokens) {
        return priceOf(model).map(p -> p.cost(inputTokens, outputTokens)).orElse(null);
    }
}
