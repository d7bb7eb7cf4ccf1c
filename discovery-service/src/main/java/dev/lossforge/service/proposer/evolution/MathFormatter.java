package dev.lossforge.service.proposer.evolution;

/**
 * A tree as a plain-math formula, e.g. {@code σ(βρ/TAU)·exp(−βρ) + (1 − σ(βρ/TAU))·softplus(−βρ)}.
 * Constants appear by name; exp is the bounded exp of {@link UnaryOp#EXP}.
 */
public final class MathFormatter {

    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int ATOM = 3;

    private MathFormatter() {
    }

    public static String format(Node node) {
        return write(node).text;
    }

    private record Written(String text, int precedence) {
    }

    private static Written write(Node node) {
        if (node instanceof InputNode input) {
            return new Written(input.input().symbol(), input.input() == Input.BETA_RHO ? PRODUCT : ATOM);
        }
        if (node instanceof ConstNode constant) {
            return new Written(constant.name(), ATOM);
        }
        if (node instanceof UnaryNode unary) {
            Written arg = write(unary.arg());
            return switch (unary.op()) {
                case NEG -> new Written("−" + wrap(arg, PRODUCT), PRODUCT);
                case LOG_SIGMOID -> call("log σ", arg);
                case SOFTPLUS -> call("softplus", arg);
                case EXP -> call("exp", arg);
                case SQUARE -> new Written(wrap(arg, ATOM) + "²", ATOM);
                case ABS -> new Written("|" + arg.text + "|", ATOM);
                case RELU -> new Written("max(0, " + arg.text + ")", ATOM);
                case TANH -> call("tanh", arg);
                case SIGMOID -> call("σ", arg);
            };
        }
        if (node instanceof BinaryNode binary) {
            Written left = write(binary.left());
            Written right = write(binary.right());
            return switch (binary.op()) {
                case ADD -> new Written(wrap(left, SUM) + " + " + wrap(right, SUM), SUM);
                case SUB -> new Written(wrap(left, SUM) + " − " + wrap(right, SUM + 1), SUM);
                case MUL -> new Written(wrap(left, PRODUCT) + "·" + wrap(right, PRODUCT), PRODUCT);
            };
        }
        GateNode gate = (GateNode) node;
        String z = wrap(write(gate.selector()), PRODUCT) + "/" + gate.tau().name();
        return new Written("σ(" + z + ")·" + wrap(write(gate.high()), PRODUCT + 1)
                + " + (1 − σ(" + z + "))·" + wrap(write(gate.low()), PRODUCT + 1), SUM);
    }

    private static Written call(String name, Written arg) {
        return new Written(name + "(" + arg.text + ")", ATOM);
    }

    private static String wrap(Written written, int atLeast) {
        return written.precedence >= atLeast ? written.text : "(" + written.text + ")";
    }
}
