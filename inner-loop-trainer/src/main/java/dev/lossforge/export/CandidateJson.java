package dev.lossforge.export;

import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code candidate.json} and {@code candidates.json}, written field by field so that
 * the order of fields (and the bytes of the JAR) is fixed. Non-finite metric values are written
 * as the strings "NaN", "Infinity" and "-Infinity".
 */
final class CandidateJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** One loss's entry as read back from the JAR. */
    record Entry(int rank, String className, String originalClassName, String sourceEntry, String sourceSha256,
                 CandidateInfo info) {
    }

    /** A whole index: when it was exported and its entries, best first. */
    record Index(Instant exportedAt, List<Entry> entries) {
    }

    private CandidateJson() {
    }

    static byte[] single(ExportedLoss loss, Instant exportedAt, String sourceSha256) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", LossJarLayout.CANDIDATE_FORMAT);
        root.put("exportedAt", exportedAt.toString());
        entry(root, loss, sourceSha256);
        return bytes(root);
    }

    static byte[] several(List<ExportedLoss> losses, Instant exportedAt, List<String> sourceSha256) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", LossJarLayout.CANDIDATES_FORMAT);
        root.put("exportedAt", exportedAt.toString());
        root.put("count", losses.size());
        ArrayNode array = root.putArray("candidates");
        for (int i = 0; i < losses.size(); i++) {
            ObjectNode node = array.addObject();
            node.put("rank", i + 1);
            entry(node, losses.get(i), sourceSha256.get(i));
        }
        return bytes(root);
    }

    private static byte[] bytes(ObjectNode root) {
        return (MAPPER.writeValueAsString(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void entry(ObjectNode node, ExportedLoss loss, String sourceSha256) {
        CandidateInfo info = loss.info();
        node.put("className", loss.className());
        node.put("originalClassName", loss.originalClassName());
        node.put("source", LossJarLayout.sourceEntry(loss.className()));
        node.put("sourceSha256", sourceSha256);
        if (info.candidateId() != null) {
            node.put("candidateId", info.candidateId());
        }
        node.put("name", info.name());
        putIfPresent(node, "hypothesis", info.hypothesis());
        putIfPresent(node, "codeHash", info.codeHash());
        putIfPresent(node, "proposer", info.proposer());
        if (info.campaign() != null) {
            ObjectNode campaign = node.putObject("campaign");
            campaign.put("id", info.campaign().id());
            putIfPresent(campaign, "name", info.campaign().name());
        }
        if (info.createdAt() != null) {
            node.put("createdAt", info.createdAt().toString());
        }
        if (info.metrics() != null) {
            ObjectNode metrics = node.putObject("metrics");
            values(metrics.putObject("summary"), info.metrics().summary());
            ArrayNode tasks = metrics.putArray("tasks");
            for (CandidateInfo.TaskMetrics task : info.metrics().tasks()) {
                ObjectNode t = tasks.addObject();
                t.put("task", task.task());
                t.put("heldOut", task.heldOut());
                values(t.putObject("summary"), task.summary());
                ArrayNode seeds = t.putArray("seeds");
                for (CandidateInfo.SeedMetrics seed : task.seeds()) {
                    ObjectNode s = seeds.addObject();
                    s.put("seed", seed.seed());
                    putIfPresent(s, "status", seed.status());
                    values(s.putObject("metrics"), seed.metrics());
                }
            }
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void values(ObjectNode node, Map<String, Double> values) {
        values.forEach((key, value) -> {
            if (value == null) {
                node.putNull(key);
            } else {
                node.put(key, value);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------
    // reading

    /**
     * @param entryName the JSON's entry in the JAR, for messages
     * @throws LossJarException when the JSON is not a LossForge index
     */
    static Index read(byte[] json, String entryName) throws LossJarException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new LossJarException(entryName + " is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new LossJarException(entryName + " must hold a JSON object");
        }
        boolean several = entryName.equals(LossJarLayout.CANDIDATES_JSON);
        String expected = several ? LossJarLayout.CANDIDATES_FORMAT : LossJarLayout.CANDIDATE_FORMAT;
        String format = text(root, "format", entryName);
        if (!expected.equals(format)) {
            throw new LossJarException(entryName + ": format '" + format + "' is not " + expected
                    + " (written by another version of LossForge?)");
        }
        Instant exportedAt = instant(root, "exportedAt", entryName);
        List<Entry> entries = new ArrayList<>();
        if (several) {
            JsonNode array = root.get("candidates");
            if (array == null || !array.isArray() || array.isEmpty()) {
                throw new LossJarException(entryName + ": 'candidates' must be a non-empty array");
            }
            for (int i = 0; i < array.size(); i++) {
                String where = entryName + " candidates[" + i + "]";
                JsonNode node = array.get(i);
                if (!node.isObject()) {
                    throw new LossJarException(where + " must be an object");
                }
                entries.add(entry(node, i + 1, where));
            }
        } else {
            entries.add(entry(root, 1, entryName));
        }
        return new Index(exportedAt, List.copyOf(entries));
    }

    private static Entry entry(JsonNode node, int rank, String where) throws LossJarException {
        String className = text(node, "className", where);
        if (!className.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
                + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*")) {
            throw new LossJarException(where + ": className '" + className + "' is not a Java class name");
        }
        String sourceEntry = text(node, "source", where);
        if (!sourceEntry.equals(LossJarLayout.sourceEntry(className))) {
            throw new LossJarException(where + ": source must be " + LossJarLayout.sourceEntry(className)
                    + ", not " + sourceEntry);
        }
        CandidateInfo.Campaign campaign = null;
        JsonNode c = node.get("campaign");
        if (c != null && c.isObject()) {
            campaign = new CandidateInfo.Campaign(c.path("id").asLong(), optionalText(c, "name"));
        }
        JsonNode id = node.get("candidateId");
        CandidateInfo info = new CandidateInfo(
                id != null && id.isIntegralNumber() ? id.asLong() : null,
                text(node, "name", where),
                optionalText(node, "hypothesis"),
                optionalText(node, "codeHash"),
                optionalText(node, "proposer"),
                campaign,
                node.has("createdAt") ? instant(node, "createdAt", where) : null,
                metrics(node.get("metrics"), where));
        return new Entry(rank, className, optionalText(node, "originalClassName"), sourceEntry,
                optionalText(node, "sourceSha256"), info);
    }

    private static CandidateInfo.Metrics metrics(JsonNode node, String where) throws LossJarException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new LossJarException(where + ": metrics must be an object");
        }
        List<CandidateInfo.TaskMetrics> tasks = new ArrayList<>();
        for (JsonNode t : node.path("tasks")) {
            List<CandidateInfo.SeedMetrics> seeds = new ArrayList<>();
            for (JsonNode s : t.path("seeds")) {
                seeds.add(new CandidateInfo.SeedMetrics(s.path("seed").asLong(), optionalText(s, "status"),
                        values(s.get("metrics"), where)));
            }
            tasks.add(new CandidateInfo.TaskMetrics(text(t, "task", where + " metrics"), t.path("heldOut").asBoolean(),
                    values(t.get("summary"), where), seeds));
        }
        return new CandidateInfo.Metrics(values(node.get("summary"), where), tasks);
    }

    private static Map<String, Double> values(JsonNode node, String where) throws LossJarException {
        Map<String, Double> values = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return values;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                values.put(e.getKey(), null);
            } else if (v.isNumber()) {
                values.put(e.getKey(), v.asDouble());
            } else if (v.isString() && List.of("NaN", "Infinity", "-Infinity").contains(v.asString())) {
                values.put(e.getKey(), Double.valueOf(v.asString()));
            } else {
                throw new LossJarException(where + ": metric '" + e.getKey() + "' is not a number");
            }
        }
        return values;
    }

    private static String text(JsonNode node, String field, String where) throws LossJarException {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new LossJarException(where + ": '" + field + "' is missing or not a string");
        }
        return value.asString();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    private static Instant instant(JsonNode node, String field, String where) throws LossJarException {
        String text = text(node, field, where);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new LossJarException(where + ": '" + field + "' is not an ISO-8601 instant: " + text);
        }
    }
}
