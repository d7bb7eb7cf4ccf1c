package dev.lossforge.service.proposer.evolution;

import dev.lossforge.loss.BatchValues;

/**
 * Evaluates trees in plain doubles, with forward-mode derivatives with respect to a_w and a_l
 * when asked. This is the reference the rendered Java and Python must agree with, and what
 * behaviour descriptors and the synthetic fitness use (microseconds per pair, no native code).
 */
public final class TreeEvaluator {

    private TreeEvaluator() {
    }

    /** The tree's value at one pair. */
    public static double value(Node node, PairInputs pair) {
        if (node instanceof InputNode input) {
            return pair.values[input.input().ordinal()];
        }
        if (node instanceof ConstNode constant) {
            return constant.value();
        }
        if (node instanceof UnaryNode unary) {
            return unary.op().apply(value(unary.arg(), pair));
        }
        if (node instanceof BinaryNode binary) {
            return binary.op().apply(value(binary.left(), pair), value(binary.right(), pair));
        }
        GateNode gate = (GateNode) node;
        double z = value(gate.selector(), pair) / gate.tau().value();
        return UnaryOp.sigmoid(z) * value(gate.high(), pair) + UnaryOp.sigmoid(-z) * value(gate.low(), pair);
    }

    /** Per-example values over a whole batch. */
    public static double[] values(Node node, BatchValues batch) {
        double[] out = new double[batch.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(node, PairInputs.of(batch, i));
        }
        return out;
    }

    /**
     * The value and its partial derivatives with respect to the policy log-probabilities.
     *
     * @return {value, ∂/∂a_w, ∂/∂a_l}
     */
    public static double[] withGradient(Node node, PairInputs pair) {
        double[] out = new double[3];
        eval(node, pair, out);
        return out;
    }

    private static void eval(Node node, PairInputs pair, double[] out) {
        if (node instanceof InputNode input) {
            int i = input.input().ordinal();
            out[0] = pair.values[i];
            out[1] = pair.dChosen[i];
            out[2] = pair.dRejected[i];
            return;
        }
        if (node instanceof ConstNode constant) {
            out[0] = constant.value();
            out[1] = 0;
            out[2] = 0;
            return;
        }
        if (node instanceof UnaryNode unary) {
            eval(unary.arg(), pair, out);
            double x = out[0];
            double slope = unary.op().derivative(x);
            out[0] = unary.op().apply(x);
            out[1] *= slope;
            out[2] *= slope;
            return;
        }
        if (node instanceof BinaryNode binary) {
            double[] right = new double[3];
            eval(binary.left(), pair, out);
            eval(binary.right(), pair, right);
            switch (binary.op()) {
                case ADD -> {
                    out[0] += right[0];
                    out[1] += right[1];
                    out[2] += right[2];
                }
                case SUB -> {
                    out[0] -= right[0];
                    out[1] -= right[1];
                    out[2] -= right[2];
                }
                case MUL -> {
                    double a = out[0];
                    double b = right[0];
                    out[0] = a * b;
                    out[1] = out[1] * b + a * right[1];
                    out[2] = out[2] * b + a * right[2];
                }
            }
            return;
        }
        GateNode gate = (GateNode) node;
        double tau = gate.tau().value();
        double[] high = new double[3];
        double[] low = new double[3];
        eval(gate.selector(), pair, out);
        eval(gate.high(), pair, high);
        eval(gate.low(), pair, low);
        double z = out[0] / tau;
        double g = UnaryOp.sigmoid(z);
        double h = UnaryOp.sigmoid(-z);
        double gateSlope = g * h / tau;
        double dw = out[1];
        double dl = out[2];
        out[0] = g * high[0] + h * low[0];
        out[1] = gateSlope * dw * (high[0] - low[0]) + g * high[1] + h * low[1];
        out[2] = gateSlope * dl * (high[0] - low[0]) + g * high[2] + h * low[2];
    }
}
