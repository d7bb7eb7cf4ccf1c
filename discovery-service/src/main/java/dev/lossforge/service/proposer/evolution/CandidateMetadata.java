package dev.lossforge.service.proposer.evolution;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A proposal's metadata JSON, which the service stores with the candidate and hands back when
 * it rebuilds the history (after a restart, or for every proposal call):
 * <pre>
 * {"proposer": "evolution", "genome": {...}, "operator": "crossover", "parents": [12, 31],
 *  "seed": "dpo", "es": {"run": "...", "base": 12, "pair": 0, "center": [...], "noise": [...], "sigma": 0.3},
 *  "hash": "7f3a...", "niche": "R-flat.L-rising...."}
 * </pre>
 * Only {@code genome}, {@code operator}, {@code parents}, {@code seed} and {@code es} are read
 * back; the rest is for people and the web page. The canonical form itself is left out (it can
 * run to kilobytes for a large tree, and {@link CanonicalForm#of} recomputes it).
 */
public final class CandidateMetadata {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** What a stored candidate tells the engine. */
    public record Parsed(Node genome, Origin origin) {
    }

    private CandidateMetadata() {
    }

    public static String write(Proposal proposal) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("proposer", "evolution");
        out.set("genome", GenomeJson.toJson(proposal.genome()));
        Origin origin = proposal.origin();
        out.put("operator", origin.operator().key());
        ArrayNode parents = out.putArray("parents");
        for (Long parent : origin.parents()) {
            parents.add(parent);
        }
        if (origin.seedName() != null) {
            out.put("seed", origin.seedName());
        }
        if (origin.es() != null) {
            EsTag tag = origin.es();
            ObjectNode es = out.putObject("es");
            es.put("run", tag.run());
            es.put("base", tag.base());
            es.put("pair", tag.pair());
            ArrayNode center = es.putArray("center");
            for (double v : tag.center()) {
                center.add(v);
            }
            ArrayNode noise = es.putArray("noise");
            for (double v : tag.noise()) {
                noise.add(v);
            }
            es.put("sigma", tag.sigma());
        }
        out.put("hash", proposal.canonicalHash());
        out.put("niche", proposal.niche());
        return MAPPER.writeValueAsString(out);
    }

    /** @throws GenomeFormatException naming the JSON path at fault */
    public static Parsed parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new GenomeFormatException("$", "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new GenomeFormatException("$", "expected an object");
        }
        if (!root.has("genome")) {
            throw new GenomeFormatException("$.genome", "missing");
        }
        Node genome = GenomeJson.fromJson(root.get("genome"), "$.genome");
        JsonNode operatorJson = root.get("operator");
        if (operatorJson == null || !operatorJson.isString()) {
            throw new GenomeFormatException("$.operator", "expected a string");
        }
        Operator operator = Operator.byKey(operatorJson.stringValue());
        if (operator == null) {
            throw new GenomeFormatException("$.operator", "unknown operator '" + operatorJson.stringValue() + "'");
        }
        List<Long> parents = new ArrayList<>();
        JsonNode parentsJson = root.get("parents");
        if (parentsJson != null) {
            if (!parentsJson.isArray()) {
                throw new GenomeFormatException("$.parents", "expected an array of candidate ids");
            }
            for (int i = 0; i < parentsJson.size(); i++) {
                JsonNode id = parentsJson.get(i);
                if (!id.isIntegralNumber()) {
                    throw new GenomeFormatException("$.parents[" + i + "]", "expected a candidate id");
                }
                parents.add(id.longValue());
            }
        }
        String seed = root.has("seed") ? root.get("seed").asString() : null;
        EsTag tag = null;
        if (root.has("es")) {
            JsonNode es = root.get("es");
            tag = new EsTag(es.path("run").asString(), es.path("base").asLong(), es.path("pair").asInt(),
                    doubles(es.get("center"), "$.es.center"), doubles(es.get("noise"), "$.es.noise"),
                    es.path("sigma").asDouble());
        }
        try {
            return new Parsed(genome, new Origin(operator, parents, seed, tag));
        } catch (IllegalArgumentException e) {
            throw new GenomeFormatException("$", e.getMessage());
        }
    }

    private static double[] doubles(JsonNode array, String path) {
        if (array == null || !array.isArray()) {
            throw new GenomeFormatException(path, "expected an array of numbers");
        }
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            if (!array.get(i).isNumber()) {
                throw new GenomeFormatException(path + "[" + i + "]", "expected a number");
            }
            out[i] = array.get(i).doubleValue();
        }
        return out;
    }
}
