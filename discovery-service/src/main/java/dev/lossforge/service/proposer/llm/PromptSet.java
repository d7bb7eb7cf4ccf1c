package dev.lossforge.service.proposer.llm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The templates one proposal uses, read once at its start so that its first turn and its
 * repairs come from the same text, and the SHA-256 hash that identifies them.
 */
public final class PromptSet {

    private final Map<String, PromptTemplate> templates;
    private final String hash;

    PromptSet(List<PromptTemplate> templates) {
        Map<String, PromptTemplate> byName = new LinkedHashMap<>();
        for (PromptTemplate template : templates) {
            byName.put(template.fileName(), template);
        }
        this.templates = byName;
        this.hash = hash(templates);
    }

    /** Reads the templates of a proposal for a task. */
    static PromptSet load(PromptLibrary library, String taskName) {
        return new PromptSet(List.of(
                library.read(PromptLibrary.SYSTEM),
                library.read(PromptLibrary.taskFile(taskName)),
                library.read(PromptLibrary.FEEDBACK),
                library.read(PromptLibrary.PARENT),
                library.read(PromptLibrary.OUTPUT_CONTRACT),
                library.read(PromptLibrary.REPAIR)));
    }

    PromptTemplate get(String fileName) {
        PromptTemplate template = templates.get(fileName);
        if (template == null) {
            throw new PromptTemplateException("prompt template " + fileName + " is not part of this prompt set "
                    + templates.keySet());
        }
        return template;
    }

    /** Hex SHA-256 over the file names and contents, in a fixed order. */
    public String hash() {
        return hash;
    }

    public List<PromptTemplate> templates() {
        return List.copyOf(templates.values());
    }

    static String hash(List<PromptTemplate> templates) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (PromptTemplate template : templates) {
                byte[] name = template.fileName().getBytes(StandardCharsets.UTF_8);
                byte[] text = template.text().getBytes(StandardCharsets.UTF_8);
                // lengths first, so that moving text from one file to the next changes the hash
                digest.update((name.length + ":" + text.length + ":").getBytes(StandardCharsets.UTF_8));
                digest.update(name);
                digest.update(text);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
