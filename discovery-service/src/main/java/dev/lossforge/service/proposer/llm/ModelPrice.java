package dev.lossforge.service.proposer.llm;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * A model's price in US dollars per million tokens.
 *
 * @param inputPerMillion  price of one million prompt tokens
 * @param outputPerMillion price of one million completion tokens
 */
public record ModelPrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public ModelPrice {
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
        if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
            throw new LlmConfigurationException("prices", "prices cannot be negative");
        }
    }

    public static ModelPrice of(String inputPerMillion, String outputPerMillion) {
        return new ModelPrice(new BigDecimal(inputPerMillion), new BigDecimal(outputPerMillion));
    }

    /** The cost of one call. */
    public BigDecimal cost(long inputTokens, long outputTokens) {
        BigDecimal in = inputPerMillion.multiply(BigDecimal.valueOf(inputTokens));
        BigDecimal out = outputPerMillion.multiply(BigDecimal.valueOf(outputTokens));
        return in.add(out).divide(MILLION, MathContext.DECIMAL64);
    }
}
