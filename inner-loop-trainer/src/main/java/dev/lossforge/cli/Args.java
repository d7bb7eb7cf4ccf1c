package dev.lossforge.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Options of one subcommand: {@code --name value} pairs, repeatable, plus bare flags. */
public final class Args {

    private final Map<String, List<String>> options = new LinkedHashMap<>();

    private Args() {
    }

    /**
     * @param argv  the words after the subcommand name
     * @param flags options that take no value
     */
    public static Args parse(List<String> argv, Set<String> flags) {
        Args args = new Args();
        for (int i = 0; i < argv.size(); i++) {
            String word = argv.get(i);
            if (!word.startsWith("--") || word.length() == 2) {
                throw new CliException("unexpected argument '" + word + "' (options look like --name value)");
            }
            String name = word.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (flags.contains(name)) {
                value = "true";
            } else {
                if (i + 1 >= argv.size()) {
                    throw new CliException("option --" + name + " needs a value");
                }
                value = argv.get(++i);
            }
            args.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return args;
    }

    /** Fails with a one-line error naming the first option not in {@code known}. */
    public Args allowOnly(Set<String> known) {
        for (String name : options.keySet()) {
            if (!known.contains(name)) {
                throw new CliException("unknown option --" + name + " (known: --" + String.join(", --", known) + ")");
            }
        }
        return this;
    }

    public String required(String name) {
        String value = optional(name, null);
        if (value == null) {
            throw new CliException("missing option --" + name);
        }
        return value;
    }

    public String optional(String name, String fallback) {
        List<String> values = options.get(name);
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        if (values.size() > 1) {
            throw new CliException("option --" + name + " given more than once");
        }
        return values.get(0);
    }

    public List<String> all(String name) {
        return List.copyOf(options.getOrDefault(name, List.of()));
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    public double doubleValue(String name, double fallback) {
        String value = optional(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new CliException("option --" + name + " must be a number, got '" + value + "'");
        }
    }

    public long longValue(String name, long fallback) {
        String value = optional(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new CliException("option --" + name + " must be a whole number, got '" + value + "'");
        }
    }
}
