package dev.lossforge.service.proposer.llm;

import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes {@code {thought, name, code}} out of whatever a model answered: the JSON object bare,
 * in a code fence or between prose; with trailing commas, raw line breaks or unescaped quotes
 * inside the code string; the code as a separate fenced Java block; or only a Java block. Adds
 * the standard imports a loss needs when the code uses them without importing them, and turns
 * Python into a clear request to write Java.
 */
final class ReplyParser {

    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS,
                    JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES,
                    JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .build();

    private static final Pattern THINK = Pattern.compile("<think>.*?</think>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern FENCE = Pattern.compile("(?m)^[ \\t]*(```|~~~)[ \\t]*([\\w+-]*)[^\\n]*\\n(.*?)^[ \\t]*\\1[ \\t]*$",
            Pattern.DOTALL);
    private static final Pattern CLASS = Pattern.compile("\\bclass\\s+([A-Za-z_$][\\w$]*)");
    private static final Pattern JAVA_START =
            Pattern.compile("(?m)^[ \\t]*(package|import|public\\s+(final\\s+)?class|final\\s+class|class)\\b");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+[\\w.]+\\s*;[ \\t]*\\n?");
    private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+(static\\s+)?([\\w.]+)(\\.\\*)?\\s*;");

    private static final List<String> THOUGHT_KEYS = List.of("thought", "hypothesis", "reasoning", "idea", "rationale");
    private static final List<String> NAME_KEYS = List.of("name", "loss_name", "lossName", "title");
    private static final List<String> CODE_KEYS = List.of("code", "source", "java", "class");
    private static final List<String> ALL_KEYS = allKeys();

    private static final List<Pattern> PYTHON = List.of(
            Pattern.compile("(?m)^[ \\t]*def\\s+\\w+\\s*\\(.*\\)\\s*(->\\s*[\\w.\\[\\], ]+)?\\s*:"),
            Pattern.compile("(?m)^[ \\t]*import\\s+(torch|numpy|jax|tensorflow)\\b"),
            Pattern.compile("(?m)^[ \\t]*from\\s+[\\w.]+\\s+import\\s+\\w"),
            Pattern.compile("\\b(torch|F|np|jnp)\\.(nn|sigmoid|logsigmoid|log|exp|clamp|mean|tensor|where|softplus)\\b"));

    /** The simple names a loss may use and where each lives. */
    private static final Map<String, String> STANDARD_IMPORTS = standardImports();

    /** The longest code a candidate may have, as the service accepts it from users. */
    static final int MAX_CODE_CHARS = 64 * 1024;

    static final String PYTHON_ADVICE = "The code is Python. Write Java: one public class implementing "
            + "dev.lossforge.loss.PreferenceLoss with a method 'public NDArray compute(PreferenceBatch batch)' that "
            + "uses NDArray operations and Ops (Ops.logSigmoid, Ops.softplus, Ops.logRatioDifference, ...), as in "
            + "the DPO example. torch, numpy and 'def' do not exist here.";

    ParsedReply parse(String reply) throws UnusableReplyException {
        if (reply == null || reply.isBlank()) {
            throw new UnusableReplyException(UnusableReplyException.Kind.EMPTY,
                    "Your reply was empty. Answer with the JSON object {\"thought\", \"name\", \"code\"}.");
        }
        List<String> fixes = new ArrayList<>();
        String text = THINK.matcher(reply).replaceAll("").trim();
        List<Block> blocks = fences(text);

        Map<String, String> fields = Map.of();
        for (String candidate : jsonCandidates(text, blocks)) {
            Map<String, String> parsed = strict(candidate).or(() -> loose(candidate)).orElse(Map.of());
            if (first(parsed, CODE_KEYS) != null) {
                fields = parsed;
                break;
            }
            if (fields.isEmpty() && !parsed.isEmpty()) {
                fields = parsed;
            }
        }

        String code = first(fields, CODE_KEYS);
        if (code == null || code.isBlank()) {
            code = javaBlock(blocks).orElse(null);
            if (code != null) {
                fixes.add("code taken from a fenced Java block");
            }
        }
        if ((code == null || code.isBlank()) && fields.isEmpty() && looksLikeJava(text)) {
            Matcher start = JAVA_START.matcher(text);
            int end = text.lastIndexOf('}');
            if (start.find() && end > start.start()) {
                code = text.substring(start.start(), end + 1);
                fixes.add("code taken from the reply's plain text");
            }
        }
        if (code == null || code.isBlank()) {
            Optional<String> python = blocks.stream().map(Block::body).filter(ReplyParser::looksLikePython).findFirst();
            if (python.isPresent() || looksLikePython(text)) {
                throw new UnusableReplyException(UnusableReplyException.Kind.NOT_JAVA, PYTHON_ADVICE);
            }
            throw new UnusableReplyException(UnusableReplyException.Kind.NO_CODE,
                    "Your reply has no usable loss: I found neither a JSON object with a \"code\" field nor a Java "
                            + "class. Answer with exactly one JSON object {\"thought\": \"...\", \"name\": \"...\", "
                            + "\"code\": \"...\"} whose code is the complete Java class as a JSON string.");
        }
        code = unwrapFence(code.strip());
        if (code.length() > MAX_CODE_CHARS) {
            throw new UnusableReplyException(UnusableReplyException.Kind.TOO_LONG, "The code has " + code.length()
                    + " characters; a loss may have at most " + MAX_CODE_CHARS + ". Write a compact class.");
        }
        if (looksLikePython(code) && !looksLikeJava(code)) {
            throw new UnusableReplyException(UnusableReplyException.Kind.NOT_JAVA, PYTHON_ADVICE);
        }
        code = addMissingImports(code, fixes);

        String thought = first(fields, THOUGHT_KEYS);
        if (thought == null) {
            thought = prose(text, blocks);
        }
        String name = normaliseName(first(fields, NAME_KEYS));
        if (name.isEmpty()) {
            Matcher cls = CLASS.matcher(code);
            name = cls.find() ? normaliseName(cls.group(1)) : "";
            if (!name.isEmpty()) {
                fixes.add("name taken from the class name");
            }
        }
        if (name.isEmpty()) {
            name = "llm-loss";
        }
        return new ParsedReply(thought.strip(), name, code, fixes);
    }

    /** Lower-case kebab case, at most 60 characters: {@code "Tempered Margin_DPO"} → {@code tempered-margin-dpo}. */
    static String normaliseName(String raw) {
        if (raw == null) {
            return "";
        }
        String spaced = raw.strip().replaceAll("([a-z0-9])([A-Z])", "$1-$2");
        String kebab = spaced.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (kebab.length() > 60) {
            kebab = kebab.substring(0, 60).replaceAll("-+$", "");
        }
        return kebab;
    }

    static boolean looksLikePython(String text) {
        for (Pattern p : PYTHON) {
            if (p.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksLikeJava(String text) {
        return CLASS.matcher(text).find() && (text.contains("PreferenceLoss") || text.contains("NDArray"));
    }

    private record Block(String language, String body, int start, int end) {
    }

    private static List<Block> fences(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        while (m.find()) {
            blocks.add(new Block(m.group(2).toLowerCase(Locale.ROOT), m.group(3), m.start(), m.end()));
        }
        return blocks;
    }

    /** Places a JSON object may be, most likely first. */
    private static List<String> jsonCandidates(String text, List<Block> blocks) {
        List<String> candidates = new ArrayList<>();
        for (Block block : blocks) {
            String body = block.body().strip();
            if (block.language().equals("json") || (body.startsWith("{") && !block.language().equals("java"))) {
                candidates.add(body);
            }
        }
        for (int open = text.indexOf('{'); open >= 0; open = text.indexOf('{', open + 1)) {
            int close = matchingBrace(text, open);
            if (close > open && mentionsKey(text.substring(open, close + 1))) {
                candidates.add(text.substring(open, close + 1));
                break;
            }
        }
        int first = text.indexOf('{');
        int last = text.lastIndexOf('}');
        if (first >= 0 && last > first) {
            candidates.add(text.substring(first, last + 1));
        }
        return candidates;
    }

    private static boolean mentionsKey(String object) {
        for (String key : CODE_KEYS) {
            if (object.contains("\"" + key + "\"") || object.contains("'" + key + "'")) {
                return true;
            }
        }
        return false;
    }

    /** The index of the brace closing the one at {@code open}, skipping strings; -1 if none. */
    private static int matchingBrace(String text, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static Optional<Map<String, String>> strict(String candidate) {
        try {
            JsonNode node = LENIENT.readTree(candidate);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                JsonNode value = entry.getValue();
                if (value.isString()) {
                    fields.put(entry.getKey(), value.asString());
                } else if (value.isArray()) {
                    // some models send the code as an array of lines
                    StringBuilder lines = new StringBuilder();
                    for (JsonNode line : value) {
                        lines.append(line.isString() ? line.asString() : line.toString()).append('\n');
                    }
                    fields.put(entry.getKey(), lines.toString());
                } else if (!value.isNull()) {
                    fields.put(entry.getKey(), value.toString());
                }
            }
            return Optional.of(fields);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads the known fields of an object that is not valid JSON even leniently, typically because
     * the code string holds unescaped quotes: a string value ends at the quote that is followed by
     * the next known key or by the end of the object.
     */
    private static Optional<Map<String, String>> loose(String candidate) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String key : ALL_KEYS) {
            Matcher m = Pattern.compile("[\"']?\\b" + Pattern.quote(key) + "\\b[\"']?\\s*:\\s*").matcher(candidate);
            if (!m.find()) {
                continue;
            }
            int start = m.end();
            if (candidate.startsWith("\"\"\"", start)) {
                int end = candidate.indexOf("\"\"\"", start + 3);
                if (end > 0) {
                    fields.put(key, candidate.substring(start + 3, end));
                }
                continue;
            }
            if (start >= candidate.length() || (candidate.charAt(start) != '"' && candidate.charAt(start) != '\'')) {
                continue;
            }
            char quote = candidate.charAt(start);
            Pattern end = Pattern.compile("(?<!\\\\)" + Pattern.quote(String.valueOf(quote))
                    + "\\s*(,\\s*[\"']?(" + String.join("|", ALL_KEYS) + ")[\"']?\\s*:|,?\\s*}\\s*$)");
            Matcher e = end.matcher(candidate);
            if (e.find(start + 1)) {
                fields.put(key, unescape(candidate.substring(start + 1, e.start())));
            }
        }
        return fields.isEmpty() ? Optional.empty() : Optional.of(fields);
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 < s.length() && s.substring(i + 1, i + 5).matches("[0-9a-fA-F]{4}")) {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    } else {
                        out.append("\\u");
                    }
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    private static String first(Map<String, String> fields, List<String> keys) {
        for (String key : keys) {
            String value = fields.get(key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static Optional<String> javaBlock(List<Block> blocks) {
        for (Block block : blocks) {
            if (block.language().equals("java")) {
                return Optional.of(block.body());
            }
        }
        for (Block block : blocks) {
            if (looksLikeJava(block.body()) && !block.body().strip().startsWith("{")) {
                return Optional.of(block.body());
            }
        }
        return Optional.empty();
    }

    private static String unwrapFence(String code) {
        List<Block> inner = fences(code + "\n");
        if (inner.size() == 1 && code.strip().startsWith("```") || inner.size() == 1 && code.strip().startsWith("~~~")) {
            return inner.get(0).body().strip();
        }
        return code;
    }

    /** The text outside code fences and outside the JSON object, as the thought when JSON gave none. */
    private static String prose(String text, List<Block> blocks) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Block block : blocks) {
            out.append(text, at, block.start());
            at = block.end();
        }
        out.append(text.substring(Math.min(at, text.length())));
        String prose = out.toString().replaceAll("\\s+", " ").strip();
        return prose.length() > 2000 ? prose.substring(0, 2000) : prose;
    }

    private static String addMissingImports(String code, List<String> fixes) {
        String body = JavaText.withoutCommentsAndStrings(code);
        List<String> imported = new ArrayList<>();
        List<String> wildcards = new ArrayList<>();
        Matcher im = IMPORT.matcher(code);
        while (im.find()) {
            if (im.group(1) != null) {
                continue;
            }
            if (im.group(3) != null) {
                wildcards.add(im.group(2));
            } else {
                imported.add(im.group(2).substring(im.group(2).lastIndexOf('.') + 1));
            }
        }
        String declaredPackage = "";
        Matcher pkg = PACKAGE.matcher(code);
        if (pkg.find()) {
            declaredPackage = pkg.group().replaceAll("package|;|\\s", "");
        }
        List<String> added = new ArrayList<>();
        for (Map.Entry<String, String> entry : STANDARD_IMPORTS.entrySet()) {
            String simple = entry.getKey();
            String qualified = entry.getValue();
            String owner = qualified.substring(0, qualified.lastIndexOf('.'));
            if (imported.contains(simple) || wildcards.contains(owner) || owner.equals(declaredPackage)) {
                continue;
            }
            if (Pattern.compile("(?<![\\w.$])" + simple + "(?![\\w$])").matcher(body).find()
                    && !Pattern.compile("\\b(class|interface)\\s+" + simple + "\\b").matcher(body).find()) {
                added.add(qualified);
            }
        }
        if (added.isEmpty()) {
            return code;
        }
        StringBuilder lines = new StringBuilder();
        for (String q : added) {
            lines.append("import ").append(q).append(";\n");
        }
        fixes.add("added imports: " + String.join(", ", added));
        if (pkg.find(0)) {
            return code.substring(0, pkg.end()) + (code.charAt(pkg.end() - 1) == '\n' ? "" : "\n")
                    + lines + code.substring(pkg.end());
        }
        return lines + code;
    }

    private static Map<String, String> standardImports() {
        Map<String, String> imports = new LinkedHashMap<>();
        imports.put("NDArray", "ai.djl.ndarray.NDArray");
        imports.put("NDArrays", "ai.djl.ndarray.NDArrays");
        imports.put("NDManager", "ai.djl.ndarray.NDManager");
        imports.put("NDList", "ai.djl.ndarray.NDList");
        imports.put("Shape", "ai.djl.ndarray.types.Shape");
        imports.put("DataType", "ai.djl.ndarray.types.DataType");
        imports.put("NDIndex", "ai.djl.ndarray.index.NDIndex");
        imports.put("Ops", "dev.lossforge.loss.Ops");
        imports.put("PreferenceBatch", "dev.lossforge.loss.PreferenceBatch");
        imports.put("PreferenceLoss", "dev.lossforge.loss.PreferenceLoss");
        imports.put("MissingInputException", "dev.lossforge.loss.MissingInputException");
        return imports;
    }

    private static List<String> allKeys() {
        List<String> keys = new ArrayList<>();
        keys.addAll(THOUGHT_KEYS);
        keys.addAll(NAME_KEYS);
        keys.addAll(CODE_KEYS);
        return List.copyOf(keys);
    }
}
