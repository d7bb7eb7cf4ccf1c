package dev.lossforge.task.hh;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads preference pairs, one JSON object a line (gzip-compressed when the name ends in
 * {@code .gz}), in either of two forms:
 *
 * <ul>
 *   <li>{@code {"prompt": ..., "chosen": ..., "rejected": ...}}: the responses given apart from
 *       the prompt;</li>
 *   <li>{@code {"chosen": ..., "rejected": ...}}: two whole dialogues in the form of Anthropic's
 *       HH-RLHF files, which share everything up to the last {@code "\n\nAssistant:"} turn; that
 *       shared part is the prompt and the rest of each dialogue is its response.</li>
 * </ul>
 *
 * Blank lines are skipped. Anything else that is not a pair stops the reading with a
 * {@link PairFileException} that names the file and the line.
 */
public final class PairFileReader {

    static final String ASSISTANT = "\n\nAssistant:";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PairFileReader() {
    }

    public static List<TextPair> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PairFileException("pair file " + file + " does not exist or is not a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in, file.toString());
        } catch (NoSuchFileException e) {
            throw new PairFileException("pair file " + file + " does not exist");
        } catch (IOException e) {
            throw new PairFileException("cannot read pair file " + file + ": " + e.getMessage());
        }
    }

    /** @param source names the input in error messages */
    public static List<TextPair> read(InputStream in, String source) {
        List<TextPair> pairs = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    pairs.add(parse(line, source, number));
                }
            }
        } catch (IOException e) {
            throw new PairFileException("cannot read " + source + ": " + e.getMessage());
        }
        if (pairs.isEmpty()) {
            throw new PairFileException(source + " has no pairs");
        }
        return pairs;
    }

    static TextPair parse(String line, String source, int number) {
        String where = source + " line " + number + ": ";
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new PairFileException(where + "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new PairFileException(where + "expected a JSON object with \"chosen\" and \"rejected\"");
        }
        String chosen = text(node, "chosen", where);
        String rejected = text(node, "rejected", where);
        if (node.has("prompt")) {
            return new TextPair(text(node, "prompt", where), chosen, rejected);
        }
        return splitDialogues(chosen, rejected, where);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new PairFileException(where + "missing \"" + field + "\"");
        }
        if (!value.isString()) {
            throw new PairFileException(where + "\"" + field + "\" must be a string");
        }
        return value.stringValue();
    }

    /** The prompt is the shared start of both dialogues up to and including their last shared Assistant turn. */
    static TextPair splitDialogues(String chosen, String rejected, String where) {
        int shared = 0;
        int limit = Math.min(chosen.length(), rejected.length());
        while (shared < limit && chosen.charAt(shared) == rejected.charAt(shared)) {
            shared++;
        }
        int turn = chosen.lastIndexOf(ASSISTANT, shared - ASSISTANT.length());
        if (turn < 0) {
            throw new PairFileException(where + "without a \"prompt\" field, \"chosen\" and \"rejected\" must be"
                    + " dialogues that share their start up to an \"\\n\\nAssistant:\" turn");
        }
        int end = turn + ASSISTANT.length();
        return new TextPair(chosen.substring(0, end), chosen.substring(end), rejected.substring(end));
    }
}
