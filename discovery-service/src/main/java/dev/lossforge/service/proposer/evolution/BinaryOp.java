package dev.lossforge.service.proposer.evolution;

import java.util.Locale;

/** The binary operators; + and × commute, which canonical forms use. */
public enum BinaryOp {
    ADD("+"),
    SUB("−"),
    MUL("·");

    private final String symbol;

    BinaryOp(String symbol) {
        this.symbol = symbol;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String symbol() {
        return symbol;
    }

    public boolean commutative() {
        return this != SUB;
    }

    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
        };
    }

    /** @return the operator, or {@code null} when none has that key */
    public static BinaryOp byKey(String key) {
        for (BinaryOp op : values()) {
            if (op.key().equals(key)) {
                return op;
            }
        }
        return null;
    }
}
