package dev.lossforge.service.proposer.llm;

import java.util.Objects;

/**
 * An API key read from the environment. It is handed to the LangChain4j client and to nothing
 * else: {@link #toString()} never shows it, and {@link #redact(String)} scrubs it from any text
 * (a server's error body may echo it) before that text reaches a log, event or exception.
 */
public final class ApiKey {

    static final String MASK = "***";
    static final int FRAGMENT = 6;

    private final String value;
    private final String variable;

    ApiKey(String variable, String value) {
        this.variable = Objects.requireNonNull(variable, "variable");
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The environment variable the key came from (safe to show). */
    public String variable() {
        return variable;
    }

    String reveal() {
        return value;
    }

    /**
     * The text with the key, and any run of {@value #FRAGMENT} or more characters copied from it
     * (a server may quote {@code sk-abc...xyz}), replaced by {@value #MASK}.
     */
    public String redact(String text) {
        if (text == null || value.length() < FRAGMENT) {
            return text == null || value.isEmpty() ? text : text.replace(value, MASK);
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int length = FRAGMENT;
            if (i + length <= text.length() && value.contains(text.substring(i, i + length))) {
                while (i + length < text.length() && value.contains(text.substring(i, i + length + 1))) {
                    length++;
                }
                out.append(MASK);
                i += length;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "ApiKey[" + variable + "=" + MASK + "]";
    }
}
