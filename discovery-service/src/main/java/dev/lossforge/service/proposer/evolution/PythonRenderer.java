package dev.lossforge.service.proposer.evolution;

import dev.lossforge.export.PyTorchExport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A tree as a PyTorch function for the export of issue 7, with the signature of DiscoPOP's loss
 * functions ({@code policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
 * reference_rejected_logps}, the same names as TRL's {@code dpo_loss}) and DiscoPOP's
 * {@code self.beta} passed as the argument {@code beta}; lengths, soft labels and rewards follow
 * as keyword arguments only when the tree reads them. It returns the per-example losses.
 * {@code F.softplus} and {@code F.logsigmoid} are the same libtorch kernels the Java side uses.
 */
public final class PythonRenderer {

    private static final int LONG = 72;

    private PythonRenderer() {
    }

    /**
     * The export module of a candidate: {@code loss(...)} ({@code PyTorchExport.FUNCTION}) with
     * the candidate's name and hypothesis as its docstring's first line. The proposal and the
     * service's {@code EvolvedPython} both write it this way, so a candidate exports the same text
     * whether it is rendered at proposal time or rebuilt from its stored genome.
     */
    public static String module(Node tree, String name, String hypothesis) {
        return render(tree, PyTorchExport.FUNCTION, hypothesis == null || hypothesis.isBlank() ? name : name + ": " + hypothesis);
    }

    /** @param functionName a Python identifier; DiscoPOP-style drop-ins use {@code loss} */
    public static String render(Node tree, String functionName, String summary) {
        Node root = Trees.uniqueConstantNames(tree);
        Set<Input> used = Trees.inputs(root);
        Context context = new Context(root);
        String result = context.expr(root).code;
        List<String> extras = new ArrayList<>();
        if (used.contains(Input.H_W_PER_TOKEN) || used.contains(Input.A_W_PER_TOKEN) || used.contains(Input.LEN_W)
                || used.contains(Input.H_L_PER_TOKEN) || used.contains(Input.A_L_PER_TOKEN)
                || used.contains(Input.LEN_L)) {
            extras.add("chosen_lengths");
            extras.add("rejected_lengths");
        }
        if (used.contains(Input.SOFT_LABEL)) {
            extras.add("soft_label");
        }
        if (used.contains(Input.REWARD_W) || used.contains(Input.REWARD_L)) {
            extras.add("reward_chosen");
            extras.add("reward_rejected");
        }
        StringBuilder out = new StringBuilder();
        out.append("import torch\nimport torch.nn.functional as F\n\n\n");
        out.append("def ").append(functionName).append("(\n");
        out.append("    policy_chosen_logps: torch.FloatTensor,\n");
        out.append("    policy_rejected_logps: torch.FloatTensor,\n");
        out.append("    reference_chosen_logps: torch.FloatTensor,\n");
        out.append("    reference_rejected_logps: torch.FloatTensor,\n");
        out.append("    beta: float,\n");
        for (String extra : extras) {
            out.append("    ").append(extra).append(": torch.FloatTensor = None,\n");
        }
        out.append(") -> torch.FloatTensor:\n");
        out.append("    \"\"\"").append(docSafe(summary)).append("\n\n");
        out.append("    loss = ").append(docSafe(MathFormatter.format(root))).append("\n\n");
        out.append("    h = log pi - log pi_ref of a response, rho = h_w - h_l (DiscoPOP's logits), a = the policy's\n");
        out.append("    log-probability, |y| = length in tokens.\n");
        if (Trees.preorder(root).stream().anyMatch(n -> n instanceof UnaryNode u && u.op() == UnaryOp.EXP)) {
            out.append("    exp(z) is exp(clamp(z, -20, 20)), which keeps values and gradients finite.\n");
        }
        out.append("    Returns the per-example losses, shape (batch,): take their mean to train.\n");
        out.append("    \"\"\"\n");
        for (ConstNode constant : Trees.constants(root)) {
            out.append("    ").append(constant.name()).append(" = ").append(pythonNumber(constant.value())).append('\n');
        }
        for (String extra : extras) {
            out.append("    if ").append(extra).append(" is None:\n");
            out.append("        raise ValueError(\"this loss needs ").append(extra).append("\")\n");
        }
        if (used.contains(Input.RHO) || used.contains(Input.BETA_RHO)) {
            out.append("    pi_logratios = policy_chosen_logps - policy_rejected_logps\n");
            out.append("    ref_logratios = reference_chosen_logps - reference_rejected_logps\n");
            out.append("    logits = pi_logratios - ref_logratios\n");
        }
        if (used.contains(Input.H_W) || used.contains(Input.H_W_PER_TOKEN)) {
            out.append("    chosen_logratios = policy_chosen_logps - reference_chosen_logps\n");
        }
        if (used.contains(Input.H_L) || used.contains(Input.H_L_PER_TOKEN)) {
            out.append("    rejected_logratios = policy_rejected_logps - reference_rejected_logps\n");
        }
        if (used.contains(Input.INV_TWO_BETA)) {
            out.append("    half_inverse_beta = 1.0 / (2.0 * beta)\n");
        }
        for (String line : context.locals) {
            out.append("    ").append(line).append('\n');
        }
        out.append("    return ").append(result).append('\n');
        return out.toString();
    }

    static String pythonNumber(double value) {
        // Java's 1.0E-3 is Python's 1.0e-3; both read the shortest exact decimal
        return Double.toString(value).replace('E', 'e');
    }

    private static String docSafe(String text) {
        return text.replace("\\", "/").replace("\"\"\"", "'''").replace("\n", " ");
    }

    private record Expr(String code, ValueType type) {
    }

    private static final class Context {

        private final List<String> locals = new ArrayList<>();
        private final Node root;
        private int terms;
        private int gates;

        Context(Node root) {
            this.root = root;
        }

        Expr expr(Node node) {
            if (node instanceof InputNode input) {
                return new Expr(source(input.input()), input.input().type());
            }
            if (node instanceof ConstNode constant) {
                return new Expr(constant.name(), ValueType.SCALAR);
            }
            if (node instanceof UnaryNode unary) {
                String a = expr(unary.arg()).code;
                String code = switch (unary.op()) {
                    case LOG_SIGMOID -> "F.logsigmoid(" + a + ")";
                    case SOFTPLUS -> "F.softplus(" + a + ")";
                    case EXP -> "torch.exp(torch.clamp(" + a + ", -20.0, 20.0))";
                    case SQUARE -> "torch.square(" + a + ")";
                    case ABS -> "torch.abs(" + a + ")";
                    case RELU -> "torch.relu(" + a + ")";
                    case TANH -> "torch.tanh(" + a + ")";
                    case SIGMOID -> "torch.sigmoid(" + a + ")";
                    case NEG -> "(-" + a + ")";
                };
                return local(node, new Expr(code, ValueType.ARRAY));
            }
            if (node instanceof BinaryNode binary) {
                Expr left = expr(binary.left());
                Expr right = expr(binary.right());
                String symbol = switch (binary.op()) {
                    case ADD -> " + ";
                    case SUB -> " - ";
                    case MUL -> " * ";
                };
                return local(node, new Expr("(" + left.code + symbol + right.code + ")", binary.type()));
            }
            GateNode gate = (GateNode) node;
            String selector = expr(gate.selector()).code;
            String high = expr(gate.high()).code;
            String low = expr(gate.low()).code;
            gates++;
            String z = "gate" + gates;
            locals.add(z + " = " + selector + " / " + gate.tau().name());
            return local(node, new Expr("(torch.sigmoid(" + z + ") * " + high + " + torch.sigmoid(-" + z + ") * " + low + ")",
                    ValueType.ARRAY));
        }

        private Expr local(Node node, Expr expr) {
            if (node != root && expr.type == ValueType.ARRAY && expr.code.length() > LONG) {
                terms++;
                String name = "term" + terms;
                locals.add(name + " = " + expr.code);
                return new Expr(name, ValueType.ARRAY);
            }
            return expr;
        }

        private static String source(Input input) {
            return switch (input) {
                case BETA_RHO -> "(beta * logits)";
                case RHO -> "logits";
                case H_W -> "chosen_logratios";
                case H_L -> "rejected_logratios";
                case H_W_PER_TOKEN -> "(chosen_logratios / chosen_lengths)";
                case H_L_PER_TOKEN -> "(rejected_logratios / rejected_lengths)";
                case A_W -> "policy_chosen_logps";
                case A_L -> "policy_rejected_logps";
                case A_W_PER_TOKEN -> "(policy_chosen_logps / chosen_lengths)";
                case A_L_PER_TOKEN -> "(policy_rejected_logps / rejected_lengths)";
                case LEN_W -> "chosen_lengths";
                case LEN_L -> "rejected_lengths";
                case SOFT_LABEL -> "soft_label";
                case REWARD_W -> "reward_chosen";
                case REWARD_L -> "reward_rejected";
                case BETA -> "beta";
                case INV_TWO_BETA -> "half_inverse_beta";
            };
        }
    }
}
