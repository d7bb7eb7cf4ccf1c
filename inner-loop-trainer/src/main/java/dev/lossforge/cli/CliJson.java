package dev.lossforge.cli;

import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintStream;

/** JSON output of the loss commands: indented, one document per run. */
final class CliJson {

    /**
     * Infinite and NaN values (a loss can overflow, as cell does for βρ below −709) are written
     * as the strings "Infinity", "-Infinity" and "NaN": plain JSON numbers cannot hold them.
     */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private CliJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array(double[] values) {
        ArrayNode array = MAPPER.createArrayNode();
        for (double value : values) {
            array.add(value);
        }
        return array;
    }

    static void print(PrintStream out, Object document) {
        out.println(MAPPER.writeValueAsString(document));
    }

    /** The --beta option: a finite number above 0. */
    static double beta(Args args) {
        String text = args.required("beta");
        double beta;
        try {
            beta = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new CliException("option --beta must be a number, got '" + text + "'");
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new CliException("option --beta must be a finite number above 0, got '" + text + "'");
        }
        return beta;
    }
}
