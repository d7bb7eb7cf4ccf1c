package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.BatchInput;

/**
 * The terminals of the grammar: per-pair quantities a loss can be written in, and the scalar β.
 *
 * <p>Notation as in LOSSES.md: a = policy log-probability summed over tokens, r = the same under
 * the reference, h = a − r, ρ = h_w − h_l, |y| = length in tokens. The per-token forms divide by
 * the response's length (IPO and SimPO need them; the grammar has no division).
 */
public enum Input {
    BETA_RHO("beta_rho", "βρ", ValueType.ARRAY, true, null),
    RHO("rho", "ρ", ValueType.ARRAY, true, null),
    H_W("h_w", "h_w", ValueType.ARRAY, true, null),
    H_L("h_l", "h_l", ValueType.ARRAY, true, null),
    H_W_PER_TOKEN("h_w_per_token", "h_w/|y_w|", ValueType.ARRAY, true, null),
    H_L_PER_TOKEN("h_l_per_token", "h_l/|y_l|", ValueType.ARRAY, true, null),
    A_W("a_w", "a_w", ValueType.ARRAY, true, null),
    A_L("a_l", "a_l", ValueType.ARRAY, true, null),
    A_W_PER_TOKEN("a_w_per_token", "a_w/|y_w|", ValueType.ARRAY, true, null),
    A_L_PER_TOKEN("a_l_per_token", "a_l/|y_l|", ValueType.ARRAY, true, null),
    LEN_W("len_w", "|y_w|", ValueType.ARRAY, false, null),
    LEN_L("len_l", "|y_l|", ValueType.ARRAY, false, null),
    SOFT_LABEL("soft_label", "p", ValueType.ARRAY, false, BatchInput.SOFT_LABEL),
    REWARD_W("reward_w", "R_w", ValueType.ARRAY, false, BatchInput.REWARDS),
    REWARD_L("reward_l", "R_l", ValueType.ARRAY, false, BatchInput.REWARDS),
    BETA("beta", "β", ValueType.SCALAR, false, null),
    INV_TWO_BETA("inv_two_beta", "1/(2β)", ValueType.SCALAR, false, null);

    private final String key;
    private final String symbol;
    private final ValueType type;
    private final boolean policyDependent;
    private final BatchInput requires;

    Input(String key, String symbol, ValueType type, boolean policyDependent, BatchInput requires) {
        this.key = key;
        this.symbol = symbol;
        this.type = type;
        this.policyDependent = policyDependent;
        this.requires = requires;
    }

    /** The lower-case name used in genome JSON and canonical forms. */
    public String key() {
        return key;
    }

    /** How the input reads in a formula. */
    public String symbol() {
        return symbol;
    }

    public ValueType type() {
        return type;
    }

    /** Whether the value moves when the policy does (only such inputs carry a gradient). */
    public boolean policyDependent() {
        return policyDependent;
    }

    /** The capability a task must have for this input, or {@code null}. */
    public BatchInput requires() {
        return requires;
    }

    /** @throws GenomeFormatException naming the known keys */
    public static Input byKey(String key, String where) {
        for (Input input : values()) {
            if (input.key.equals(key)) {
                return input;
            }
        }
        throw new GenomeFormatException(where, "unknown input '" + key + "' (known: " + keys(values()) + ")");
    }

    static String keys(Enum<?>[] values) {
        StringBuilder out = new StringBuilder();
        for (Enum<?> value : values) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(value instanceof Input input ? input.key : value.name().toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }
}
