package dev.lossforge.cli;

import dev.lossforge.loss.BatchValues;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the BATCH.json of {@code loss-eval}: one object whose arrays are named like the fields
 * of {@link dev.lossforge.loss.PreferenceBatch}. Every mistake is a one-line {@link CliException}
 * that names the file and the field (and the index, for a bad element).
 */
final class BatchFile {

    static final List<String> REQUIRED = List.of("policyChosenLogps", "policyRejectedLogps",
            "referenceChosenLogps", "referenceRejectedLogps", "chosenLengths", "rejectedLengths");
    static final List<String> OPTIONAL = List.of("softLabel", "rewardChosen", "rewardRejected");

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private BatchFile() {
    }

    static BatchValues read(Path file, double beta) {
        JsonNode root = parse(file);
        for (String name : root.propertyNames()) {
            if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
                throw new CliException(file + ": unknown field '" + name + "' (fields: "
                        + String.join(", ", REQUIRED) + ", optional " + String.join(", ", OPTIONAL) + ")");
            }
        }
        double[][] required = new double[REQUIRED.size()][];
        for (int k = 0; k < REQUIRED.size(); k++) {
            String name = REQUIRED.get(k);
            if (!root.has(name)) {
                throw new CliException(file + ": missing array '" + name + "'");
            }
            required[k] = numbers(file, root, name);
        }
        int size = required[0].length;
        if (size == 0) {
            throw new CliException(file + ": '" + REQUIRED.get(0) + "' is empty; give at least one pair");
        }
        double[] softLabel = root.has("softLabel") ? numbers(file, root, "softLabel") : null;
        double[] rewardChosen = root.has("rewardChosen") ? numbers(file, root, "rewardChosen") : null;
        double[] rewardRejected = root.has("rewardRejected") ? numbers(file, root, "rewardRejected") : null;
        if ((rewardChosen == null) != (rewardRejected == null)) {
            String given = rewardChosen != null ? "rewardChosen" : "rewardRejected";
            String missing = rewardChosen != null ? "rewardRejected" : "rewardChosen";
            throw new CliException(file + ": '" + given + "' needs '" + missing + "' too (reward scores come in pairs)");
        }
        for (int k = 1; k < REQUIRED.size(); k++) {
            sameSize(file, REQUIRED.get(k), required[k], size);
        }
        sameSize(file, "softLabel", softLabel, size);
        sameSize(file, "rewardChosen", rewardChosen, size);
        sameSize(file, "rewardRejected", rewardRejected, size);
        positive(file, "chosenLengths", required[4]);
        positive(file, "rejectedLengths", required[5]);
        if (softLabel != null) {
            for (int i = 0; i < size; i++) {
                if (softLabel[i] < 0 || softLabel[i] > 1) {
                    throw new CliException(file + ": 'softLabel[" + i + "]' must lie in [0, 1] (a probability), got "
                            + softLabel[i]);
                }
            }
        }
        return new BatchValues(required[0], required[1], required[2], required[3], required[4], required[5],
                softLabel, rewardChosen, rewardRejected, beta);
    }

    private static JsonNode parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException("input file not found: " + file);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new CliException("cannot read input file " + file + ": " + e.getMessage());
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new CliException(file + " is not valid JSON" + where + ": " + oneLine(e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode()) {
            throw new CliException(file + " is empty; it must hold one JSON object of arrays (" + REQUIRED.get(0) + ", ...)");
        }
        if (!root.isObject()) {
            throw new CliException(file + " must hold one JSON object of arrays (" + REQUIRED.get(0)
                    + ", ...), not " + root.getNodeType().toString().toLowerCase());
        }
        return root;
    }

    private static double[] numbers(Path file, JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (!node.isArray()) {
            throw new CliException(file + ": '" + name + "' must be an array of numbers, got "
                    + node.getNodeType().toString().toLowerCase());
        }
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode element = node.get(i);
            if (!element.isNumber()) {
                throw new CliException(file + ": '" + name + "[" + i + "]' must be a number, got " + oneLine(element.toString()));
            }
            values[i] = element.doubleValue();
            if (!Double.isFinite(values[i])) {
                throw new CliException(file + ": '" + name + "[" + i + "]' must be a finite number, got " + element);
            }
        }
        return values;
    }

    private static void sameSize(Path file, String name, double[] values, int size) {
        if (values != null && values.length != size) {
            throw new CliException(file + ": '" + name + "' has " + values.length + " values but '" + REQUIRED.get(0)
                    + "' has " + size + " (all arrays need one value per pair)");
        }
    }

    private static void positive(Path file, String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] > 0)) {
                throw new CliException(file + ": '" + name + "[" + i + "]' must be above 0 (a length in tokens), got "
                        + values[i]);
            }
        }
    }

    private static String oneLine(String text) {
        String line = String.valueOf(text).replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
