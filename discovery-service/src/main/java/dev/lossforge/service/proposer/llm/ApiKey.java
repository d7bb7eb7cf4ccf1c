package dev.lossforge.service.proposer.llm;

import java.util.Objects;

/**
 * An API key read from the environment. It is handed to the LangChain4j client and to nothing
 * else: {@link #toString()} never shows it, and {@link #redact(String)} scrubs it from any text
 * (a server's error body may echo it) before that text reaches a log, event or exception.
 */
public final class ApiKey {

    static final String MASK = "***";

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
     * The text with the key, and any long fragment of it that a server quoted (OpenAI echoes
     * {@code sk-abc...xyz}), replaced by {@value #MASK}.
     */
    public String redact(String text) {
        if (text == null || value.isEmpty()) {
            return text;
        }
        String result = text.replace(value, MASK);
        // fragments of 8 or more characters from either end of the key identify it as well
        int fragment = Math.min(value.length(), 8);
        if (value.length() >= 12) {
            result = result.replace(value.substring(0, value.length() - 4), MASK);
            result = result.replace(value.substring(value.length() - fragment), MASK);
            result = result.replace(value.substring(0, fragment), MASK);
        }
        return result;
    }

    @Override
    public String toString() {
        return "ApiKey[" + variable + "=" + MASK + "]";
    }
}
