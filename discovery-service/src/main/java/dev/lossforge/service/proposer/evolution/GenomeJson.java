package dev.lossforge.service.proposer.evolution;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Trees as JSON, as the service stores them in a candidate's metadata:
 * <pre>
 * {"input": "beta_rho"}
 * {"const": "TAU", "value": 0.05, "kind": "positive"}
 * {"op": "softplus", "args": [ ... ]}          unary: log_sigmoid softplus exp square abs relu tanh sigmoid neg
 * {"op": "add", "args": [ ..., ... ]}          binary: add sub mul
 * {"op": "gate", "args": [selector, tau, high, low]}   tau: a positive constant
 * </pre>
 * Doubles are written in their shortest exact form, so a tree survives the round trip bit for bit.
 */
public final class GenomeJson {

    /** More nesting than any tree the proposer makes by far; deeper input is refused, not recursed into. */
    static final int MAX_DEPTH = 64;
    static final int MAX_NODES = 2000;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private GenomeJson() {
    }

    public static String write(Node root) {
        return MAPPER.writeValueAsString(toJson(root));
    }

    public static ObjectNode toJson(Node node) {
        ObjectNode out = MAPPER.createObjectNode();
        if (node instanceof InputNode input) {
            out.put("input", input.input().key());
        } else if (node instanceof ConstNode constant) {
            out.put("const", constant.name());
            out.put("value", constant.value());
            out.put("kind", constant.kind().key());
        } else {
            out.put("op", Trees.operatorKey(node));
            ArrayNode args = out.putArray("args");
            for (Node child : node.children()) {
                args.add(toJson(child));
            }
        }
        return out;
    }

    /** @throws GenomeFormatException naming the JSON path at fault */
    public static Node parse(String json) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new GenomeFormatException("$", "not JSON: " + e.getOriginalMessage());
        }
        return fromJson(tree);
    }

    /** @throws GenomeFormatException naming the JSON path at fault */
    public static Node fromJson(JsonNode json) {
        return fromJson(json, "$");
    }

    /** @param path where {@code json} sits in the document, for messages (e.g. {@code $.genome}) */
    public static Node fromJson(JsonNode json, String path) {
        int[] budget = {MAX_NODES};
        return read(json, path, 1, budget);
    }

    private static Node read(JsonNode json, String path, int depth, int[] budget) {
        if (depth > MAX_DEPTH) {
            throw new GenomeFormatException(path, "nested more than " + MAX_DEPTH + " levels deep");
        }
        if (--budget[0] < 0) {
            throw new GenomeFormatException(path, "more than " + MAX_NODES + " nodes");
        }
        if (json == null || !json.isObject()) {
            throw new GenomeFormatException(path, "expected an object with \"input\", \"const\" or \"op\"");
        }
        if (json.has("input")) {
            return InputNode.of(Input.byKey(text(json, "input", path), path + ".input"));
        }
        if (json.has("const")) {
            String name = text(json, "const", path);
            JsonNode value = json.get("value");
            if (value == null || !value.isNumber()) {
                throw new GenomeFormatException(path + ".value", "a constant needs a numeric value");
            }
            String kindKey = json.has("kind") ? text(json, "kind", path) : ConstKind.REAL.key();
            ConstKind kind = null;
            for (ConstKind candidate : ConstKind.values()) {
                if (candidate.key().equals(kindKey)) {
                    kind = candidate;
                }
            }
            if (kind == null) {
                throw new GenomeFormatException(path + ".kind", "unknown kind '" + kindKey + "' (known: real, positive)");
            }
            try {
                return new ConstNode(name, value.doubleValue(), kind);
            } catch (IllegalArgumentException e) {
                throw new GenomeFormatException(path, e.getMessage());
            }
        }
        if (!json.has("op")) {
            throw new GenomeFormatException(path, "expected \"input\", \"const\" or \"op\"");
        }
        String op = text(json, "op", path);
        JsonNode argsJson = json.get("args");
        if (argsJson == null || !argsJson.isArray()) {
            throw new GenomeFormatException(path + ".args", "operator " + op + " needs an array \"args\"");
        }
        List<Node> args = new ArrayList<>();
        for (int i = 0; i < argsJson.size(); i++) {
            args.add(read(argsJson.get(i), path + ".args[" + i + "]", depth + 1, budget));
        }
        UnaryOp unary = UnaryOp.byKey(op);
        BinaryOp binary = BinaryOp.byKey(op);
        int arity = unary != null ? 1 : binary != null ? 2 : "gate".equals(op) ? 4 : -1;
        if (arity < 0) {
            throw new GenomeFormatException(path + ".op", "unknown operator '" + op + "' (known: "
                    + Input.keys(UnaryOp.values()) + ", add, sub, mul, gate)");
        }
        if (args.size() != arity) {
            throw new GenomeFormatException(path + ".args", op + " takes " + arity + " arguments, got " + args.size());
        }
        if (unary != null) {
            return UnaryNode.of(unary, args.get(0));
        }
        if (binary != null) {
            return BinaryNode.of(binary, args.get(0), args.get(1));
        }
        if (!(args.get(1) instanceof ConstNode tau) || tau.kind() != ConstKind.POSITIVE) {
            throw new GenomeFormatException(path + ".args[1]", "the temperature of a gate must be a positive constant");
        }
        return new GateNode(args.get(0), tau, args.get(2), args.get(3));
    }

    private static String text(JsonNode json, String field, String path) {
        JsonNode value = json.get(field);
        if (value == null || !value.isString()) {
            throw new GenomeFormatException(path + "." + field, "expected a string");
        }
        return value.stringValue();
    }
}
