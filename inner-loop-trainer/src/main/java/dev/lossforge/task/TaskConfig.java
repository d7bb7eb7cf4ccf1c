package dev.lossforge.task;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings of one task run: the task's documented defaults, each of which a caller may
 * override. Values are {@link Integer}, {@link Long}, {@link Double}, {@link Boolean} or
 * {@link String}; an override must parse as the type of its default, and a key that has no
 * default is an error, so that a typo never passes silently.
 */
public final class TaskConfig {

    private final Map<String, Object> values;

    private TaskConfig(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Defaults in the order given (that order is the documented one). */
    public static TaskConfig defaults(Map<String, Object> defaults) {
        Map<String, Object> copy = new LinkedHashMap<>();
        defaults.forEach((k, v) -> copy.put(k, requireSupported(k, v)));
        return new TaskConfig(copy);
    }

    /**
     * @param overrides values as strings (from {@code --set key=value}) or as JSON numbers,
     *                  booleans and strings (from the service)
     */
    public TaskConfig with(Map<String, ?> overrides) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        overrides.forEach((key, raw) -> {
            Object current = values.get(key);
            if (current == null) {
                throw new InvalidTaskException("taskConfig." + key,
                        "unknown setting '" + key + "' (known: " + String.join(", ", values.keySet()) + ")");
            }
            copy.put(key, convert(key, raw, current));
        });
        return new TaskConfig(copy);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    /** The same values in key order: the form that identifies a configuration (cache keys, hashes). */
    public Map<String, Object> canonical() {
        return new TreeMap<>(values);
    }

    public int getInt(String key) {
        return ((Number) get(key)).intValue();
    }

    public long getLong(String key) {
        return ((Number) get(key)).longValue();
    }

    public double getDouble(String key) {
        return ((Number) get(key)).doubleValue();
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    public String getString(String key) {
        return (String) get(key);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    private Object get(String key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("task setting '" + key + "' has no default");
        }
        return value;
    }

    private static Object requireSupported(String key, Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Boolean || value instanceof String) {
            return value;
        }
        throw new IllegalArgumentException("default of '" + key + "' has unsupported type " + value);
    }

    private static Object convert(String key, Object raw, Object current) {
        String field = "taskConfig." + key;
        String text = String.valueOf(raw).trim();
        try {
            if (current instanceof Integer) {
                if (raw instanceof Number n && n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new NumberFormatException();
                }
                return raw instanceof Number n ? Math.toIntExact(n.longValue()) : Integer.valueOf(text);
            }
            if (current instanceof Long) {
                return raw instanceof Number n ? n.longValue() : Long.valueOf(text);
            }
            if (current instanceof Double) {
                double d = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            }
            if (current instanceof Boolean) {
                if (raw instanceof Boolean b) {
                    return b;
                }
                if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                    return Boolean.valueOf(text);
                }
                throw new NumberFormatException();
            }
            return text;
        } catch (NumberFormatException | ArithmeticException e) {
            String type = current instanceof Integer || current instanceof Long ? "a whole number"
                    : current instanceof Double ? "a finite number" : "true or false";
            throw new InvalidTaskException(field, "setting '" + key + "' must be " + type + ", got '" + text + "'");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskConfig other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
