package dev.lossforge.service.proposer.evolution;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tree as the Java source of one {@code PreferenceLoss} class, in the subset the sandbox
 * compiles: imports of {@code NDArray}, {@code Ops} and the loss contract, named constants as
 * {@code public static final double}, local variables with explicit types, no loops, lambdas,
 * {@code var} or other fields. Long subexpressions become locals so the code reads in steps.
 */
public final class JavaRenderer {

    /** Subexpressions longer than this are given a local name. */
    private static final int LONG = 72;

    private JavaRenderer() {
    }

    /**
     * @param className  a Java identifier (see {@link Naming#className})
     * @param summary    the first sentence of the Javadoc (name and hypothesis)
     */
    public static String render(Node tree, String className, String summary) {
        Node root = Trees.uniqueConstantNames(tree);
        Context context = new Context(root);
        Expr result = context.expr(root);
        if (result.type != ValueType.ARRAY) {
            throw new IllegalArgumentException("a loss tree must be per-pair, this one is a scalar");
        }
        StringBuilder out = new StringBuilder();
        out.append("import ai.djl.ndarray.NDArray;\n");
        if (context.needsMissingInput()) {
            out.append("import dev.lossforge.loss.MissingInputException;\n");
        }
        out.append("import dev.lossforge.loss.Ops;\n");
        out.append("import dev.lossforge.loss.PreferenceBatch;\n");
        out.append("import dev.lossforge.loss.PreferenceLoss;\n\n");
        out.append("/**\n");
        out.append(" * ").append(javadocSafe(summary)).append("\n");
        out.append(" *\n * <pre>\n");
        out.append(" * loss = ").append(javadocSafe(MathFormatter.format(root))).append("\n");
        out.append(" * </pre>\n *\n");
        out.append(" * <p>Notation as in LOSSES.md: h = log π − log π_ref of a response, ρ = h_w − h_l,\n");
        out.append(" * a = the policy's log-probability, |y| = length in tokens, β = the batch's beta.\n");
        if (Trees.preorder(root).stream().anyMatch(n -> n instanceof UnaryNode u && u.op() == UnaryOp.EXP)) {
            out.append(" * exp(z) stands for exp(clamp(z, −20, 20)), which keeps values and gradients finite.\n");
        }
        out.append(" * Written by LossForge's evolutionary proposer from an expression tree.\n");
        out.append(" */\n");
        out.append("public final class ").append(className).append(" implements PreferenceLoss {\n");
        List<ConstNode> constants = Trees.constants(root);
        if (!constants.isEmpty()) {
            out.append('\n');
        }
        for (ConstNode constant : constants) {
            out.append("    /** A ").append(constant.kind() == ConstKind.POSITIVE ? "positive " : "")
                    .append("constant the search tunes").append(constant.kind() == ConstKind.POSITIVE
                            ? " (a gate temperature or scale)" : "").append(". */\n");
            out.append("    public static final double ").append(constant.name()).append(" = ")
                    .append(Double.toString(constant.value())).append(";\n");
        }
        out.append("\n    @Override\n");
        out.append("    public NDArray compute(PreferenceBatch batch) {\n");
        for (String line : context.prologue()) {
            out.append("        ").append(line).append('\n');
        }
        for (String line : context.locals) {
            out.append("        ").append(line).append('\n');
        }
        out.append("        return ").append(result.code).append(";\n");
        out.append("    }\n");
        out.append("}\n");
        return out.toString();
    }

    private static String javadocSafe(String text) {
        return text.replace("*/", "* /").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
    }

    private record Expr(String code, ValueType type) {
    }

    private static final class Context {

        private final Map<Input, String> inputs = new EnumMap<>(Input.class);
        private final List<String> locals = new ArrayList<>();
        private final Node root;
        private int terms;
        private int gates;

        Context(Node root) {
            this.root = root;
        }

        boolean needsMissingInput() {
            return inputs.containsKey(Input.SOFT_LABEL) || inputs.containsKey(Input.REWARD_W)
                    || inputs.containsKey(Input.REWARD_L);
        }

        /** Declarations of the inputs the tree reads, in a fixed order. */
        List<String> prologue() {
            Map<String, String> lines = new LinkedHashMap<>();
            Set<Input> used = inputs.keySet();
            if (used.contains(Input.SOFT_LABEL)) {
                lines.put("check-p", "if (!batch.hasSoftLabel()) {\n            throw new MissingInputException("
                        + "\"this loss needs soft labels (softLabel)\");\n        }");
            }
            if (used.contains(Input.REWARD_W) || used.contains(Input.REWARD_L)) {
                lines.put("check-r", "if (!batch.hasRewards()) {\n            throw new MissingInputException("
                        + "\"this loss needs reward-model scores (rewardChosen, rewardRejected)\");\n        }");
            }
            boolean beta = used.contains(Input.BETA) || used.contains(Input.BETA_RHO) || used.contains(Input.INV_TWO_BETA);
            if (beta) {
                lines.put("beta", "double beta = batch.beta();");
            }
            if (used.contains(Input.INV_TWO_BETA)) {
                lines.put("inv", "double halfInverseBeta = 1.0 / (2.0 * beta);");
            }
            if (used.contains(Input.RHO)) {
                lines.put("rho", "NDArray rho = Ops.logRatioDifference(batch);");
            }
            if (used.contains(Input.BETA_RHO)) {
                lines.put("x", used.contains(Input.RHO) ? "NDArray betaRho = rho.mul(beta);"
                        : "NDArray betaRho = Ops.logRatioDifference(batch).mul(beta);");
            }
            for (Input input : new Input[] {Input.H_W, Input.H_L, Input.H_W_PER_TOKEN, Input.H_L_PER_TOKEN,
                    Input.A_W, Input.A_L, Input.A_W_PER_TOKEN, Input.A_L_PER_TOKEN, Input.LEN_W, Input.LEN_L,
                    Input.SOFT_LABEL, Input.REWARD_W, Input.REWARD_L}) {
                if (used.contains(input)) {
                    lines.put(input.key(), "NDArray " + name(input) + " = " + source(input, used) + ";");
                }
            }
            return new ArrayList<>(lines.values());
        }

        Expr expr(Node node) {
            if (node instanceof InputNode input) {
                inputs.put(input.input(), name(input.input()));
                if (input.input() == Input.INV_TWO_BETA || input.input() == Input.BETA_RHO) {
                    inputs.put(Input.BETA, "beta");
                }
                return new Expr(name(input.input()), input.input().type());
            }
            if (node instanceof ConstNode constant) {
                return new Expr(constant.name(), ValueType.SCALAR);
            }
            if (node instanceof UnaryNode unary) {
                Expr arg = expr(unary.arg());
                if (arg.type != ValueType.ARRAY) {
                    throw new IllegalArgumentException(unary.op().key() + " of a scalar is outside the grammar");
                }
                String a = arg.code;
                String code = switch (unary.op()) {
                    case LOG_SIGMOID -> "Ops.logSigmoid(" + a + ")";
                    case SOFTPLUS -> "Ops.softplus(" + a + ")";
                    case EXP -> a + ".clip(-20.0, 20.0).exp()";
                    case SQUARE -> a + ".square()";
                    case ABS -> a + ".abs()";
                    case RELU -> "Ops.relu(" + a + ")";
                    case TANH -> a + ".tanh()";
                    case SIGMOID -> "Ops.sigmoid(" + a + ")";
                    case NEG -> a + ".neg()";
                };
                return local(node, new Expr(code, ValueType.ARRAY));
            }
            if (node instanceof BinaryNode binary) {
                Expr left = expr(binary.left());
                Expr right = expr(binary.right());
                return local(node, binary(binary.op(), left, right));
            }
            GateNode gate = (GateNode) node;
            Expr selector = expr(gate.selector());
            if (selector.type != ValueType.ARRAY) {
                throw new IllegalArgumentException("a gate on a scalar is outside the grammar");
            }
            Expr high = expr(gate.high());
            Expr low = expr(gate.low());
            gates++;
            String z = "gate" + gates;
            locals.add("NDArray " + z + " = " + selector.code + ".div(" + gate.tau().name() + ");");
            String code = "Ops.sigmoid(" + z + ").mul(" + high.code + ").add(Ops.sigmoid(" + z + ".neg()).mul("
                    + low.code + "))";
            return local(node, new Expr(code, ValueType.ARRAY));
        }

        private static Expr binary(BinaryOp op, Expr left, Expr right) {
            boolean leftArray = left.type == ValueType.ARRAY;
            boolean rightArray = right.type == ValueType.ARRAY;
            if (!leftArray && !rightArray) {
                String symbol = switch (op) {
                    case ADD -> " + ";
                    case SUB -> " - ";
                    case MUL -> " * ";
                };
                return new Expr("(" + left.code + symbol + right.code + ")", ValueType.SCALAR);
            }
            String method = op.key();
            if (leftArray) {
                return new Expr(left.code + "." + method + "(" + right.code + ")", ValueType.ARRAY);
            }
            // scalar op array: + and × commute; s − a = (−a) + s
            if (op == BinaryOp.SUB) {
                return new Expr(right.code + ".neg().add(" + left.code + ")", ValueType.ARRAY);
            }
            return new Expr(right.code + "." + method + "(" + left.code + ")", ValueType.ARRAY);
        }

        private Expr local(Node node, Expr expr) {
            if (node != root && expr.type == ValueType.ARRAY && expr.code.length() > LONG) {
                terms++;
                String name = "term" + terms;
                locals.add("NDArray " + name + " = " + expr.code + ";");
                return new Expr(name, ValueType.ARRAY);
            }
            return expr;
        }

        private static String name(Input input) {
            return switch (input) {
                case BETA_RHO -> "betaRho";
                case RHO -> "rho";
                case H_W -> "chosenLogRatio";
                case H_L -> "rejectedLogRatio";
                case H_W_PER_TOKEN -> "chosenLogRatioPerToken";
                case H_L_PER_TOKEN -> "rejectedLogRatioPerToken";
                case A_W -> "chosenLogp";
                case A_L -> "rejectedLogp";
                case A_W_PER_TOKEN -> "chosenLogpPerToken";
                case A_L_PER_TOKEN -> "rejectedLogpPerToken";
                case LEN_W -> "chosenLength";
                case LEN_L -> "rejectedLength";
                case SOFT_LABEL -> "softLabel";
                case REWARD_W -> "rewardChosen";
                case REWARD_L -> "rewardRejected";
                case BETA -> "beta";
                case INV_TWO_BETA -> "halfInverseBeta";
            };
        }

        private static String source(Input input, Set<Input> used) {
            return switch (input) {
                case H_W -> "Ops.chosenLogRatio(batch)";
                case H_L -> "Ops.rejectedLogRatio(batch)";
                case H_W_PER_TOKEN -> "Ops.chosenLogRatio(batch).div(batch.chosenLengths())";
                case H_L_PER_TOKEN -> "Ops.rejectedLogRatio(batch).div(batch.rejectedLengths())";
                case A_W -> "batch.policyChosenLogps()";
                case A_L -> "batch.policyRejectedLogps()";
                case A_W_PER_TOKEN -> "batch.policyChosenLogps().div(batch.chosenLengths())";
                case A_L_PER_TOKEN -> "batch.policyRejectedLogps().div(batch.rejectedLengths())";
                case LEN_W -> "batch.chosenLengths()";
                case LEN_L -> "batch.rejectedLengths()";
                case SOFT_LABEL -> "batch.softLabel()";
                case REWARD_W -> "batch.rewardChosen()";
                case REWARD_L -> "batch.rewardRejected()";
                default -> throw new IllegalArgumentException(input.key() + " is declared elsewhere");
            };
        }
    }
}
