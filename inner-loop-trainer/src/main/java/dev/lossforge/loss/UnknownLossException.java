package dev.lossforge.loss;

import java.util.List;

/** A loss name that the built-in library does not know. */
public class UnknownLossException extends IllegalArgumentException {

    private final String name;

    public UnknownLossException(String name, List<String> known) {
        super("unknown loss '" + name + "' (built-in losses: " + String.join(", ", known) + ")");
        this.name = name;
    }

    /** The name that was asked for. */
    public String name() {
        return name;
    }
}
