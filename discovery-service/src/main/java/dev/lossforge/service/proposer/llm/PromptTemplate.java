package dev.lossforge.service.proposer.llm;

import java.util.Map;
import java.util.Objects;

/**
 * One template file as read for one proposal.
 *
 * @param fileName the file name in the prompts folder ({@code system.md})
 * @param text     its content
 * @param origin   where it was read from: a file path, or {@code classpath:...} for the packaged copy
 */
public record PromptTemplate(String fileName, String text, String origin) {

    public PromptTemplate {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(origin, "origin");
    }

    /** @throws PromptTemplateException naming this file and any placeholder without a value */
    public String render(Map<String, String> values) {
        return TemplateEngine.render(fileName, text, values);
    }
}
