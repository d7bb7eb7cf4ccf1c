package dev.lossforge.service.proposer.llm;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{name}}} placeholders. One pass, so a value that itself contains braces (code
 * from the model, an error message) is inserted as it is. A placeholder without a value is an
 * error naming the template and the placeholder, never an empty string: a typo in a template
 * must not silently drop the results from the prompt.
 */
final class TemplateEngine {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_.-]*)\\s*}}");

    private TemplateEngine() {
    }

    /**
     * @param templateName used in the error message
     * @throws PromptTemplateException naming every placeholder that has no value
     */
    static String render(String templateName, String template, Map<String, String> values) {
        Set<String> missing = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = values.get(name);
            if (value == null) {
                missing.add(name);
                value = "";
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        if (!missing.isEmpty()) {
            throw new PromptTemplateException("prompt template " + templateName + " uses "
                    + String.join(", ", missing.stream().map(n -> "{{" + n + "}}").toList())
                    + " but no value was given for " + (missing.size() == 1 ? "it" : "them")
                    + " (values available: " + String.join(", ", values.keySet().stream().sorted().toList()) + ")");
        }
        return out.toString();
    }

    /** The placeholder names a template uses, in order of first use. */
    static Set<String> placeholders(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
