package dev.lossforge.export;

import dev.lossforge.loss.BuiltinLoss;
import dev.lossforge.loss.BuiltinLosses;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A loss as a PyTorch function with DiscoPOP's signature, for losses whose translation is
 * mechanical: the 25 built-ins (translated by hand, {@link BuiltinTranslations}) and losses that
 * render themselves ({@link PythonRenderable}, the evolutionary proposer). Arbitrary Java is
 * refused with {@link NotTranslatableException}. A service endpoint:
 *
 * <pre>{@code
 * try {
 *     PythonExport py = pyTorch.export(info, candidate.code(), evolution.renderable(candidate).orElse(null));
 *     return ResponseEntity.ok().contentType(MediaType.parseMediaType(PythonExport.MEDIA_TYPE)).body(py.python());
 * } catch (NotTranslatableException e) {
 *     return ResponseEntity.unprocessableEntity().body(problem(e.getMessage()));
 * }
 * }</pre>
 *
 * <p>The function, for every loss:
 * <pre>
 * def loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
 *          reference_rejected_logps, beta, [chosen_lengths=None, rejected_lengths=None,]
 *          [soft_label=None,] [reward_chosen=None, reward_rejected=None]) -> per-example losses
 * </pre>
 * the four log-probabilities first, named as in DiscoPOP and TRL, then {@code beta}, then only the
 * extra inputs the loss reads; a loss that cannot do without one raises ValueError when it is None.
 * Losses without required extras also get {@code discopop_loss(self, policy_chosen_logps, ...)},
 * DiscoPOP's method signature with beta read from {@code self.beta}.
 *
 * <p>Stateless and thread-safe.
 */
public final class PyTorchExport {

    /** The name of the exported function. */
    public static final String FUNCTION = "loss";

    private static final Pattern DEFINES_LOSS = Pattern.compile("^def " + FUNCTION + "\\(", Pattern.MULTILINE);

    /** Built-in sources in normal form, recognised lazily (reading them costs a few milliseconds). */
    private static volatile Map<String, BuiltinLoss> bySource;

    /**
     * The PyTorch module of a candidate: {@code rendered}'s when given, else the translation of the
     * built-in whose source {@code javaSource} is (up to line endings and trailing blanks).
     *
     * @param info       what the header of the module says about the candidate
     * @param javaSource the candidate's code
     * @param rendered   the candidate's own Python rendering, or null
     * @throws NotTranslatableException for any other code
     */
    public PythonExport export(CandidateInfo info, String javaSource, PythonRenderable rendered)
            throws NotTranslatableException {
        if (rendered != null) {
            return rendered(info, rendered);
        }
        Optional<BuiltinLoss> builtin = recognise(javaSource);
        if (builtin.isPresent()) {
            return builtin(builtin.get(), info);
        }
        throw new NotTranslatableException("candidate '" + info.name() + "' has no PyTorch translation: only the"
                + " built-in losses and losses from the evolutionary proposer translate mechanically; its Java"
                + " source is in the JAR export");
    }

    /** Whether {@link #export} would succeed: for a UI that offers the download only then. */
    public boolean translatable(String javaSource, PythonRenderable rendered) {
        return rendered != null || recognise(javaSource).isPresent();
    }

    /** The built-in loss whose source this is (up to line endings and trailing blanks), if any. */
    public Optional<BuiltinLoss> recognise(String javaSource) {
        if (javaSource == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(sources().get(normalise(javaSource)));
    }

    /**
     * The translation of a built-in loss.
     *
     * @param info the candidate it was exported as, or null for the bare built-in
     */
    public PythonExport builtin(BuiltinLoss loss, CandidateInfo info) {
        BuiltinTranslations.Translation t = BuiltinTranslations.of(loss.name());
        if (t == null) {
            throw new IllegalStateException("built-in loss " + loss.name() + " has no PyTorch translation");
        }
        StringBuilder out = new StringBuilder();
        out.append("\"\"\"LossForge export: ").append(doc(info == null ? loss.name() : info.name()))
                .append(" (built-in loss '").append(loss.name()).append("').\n\n");
        out.append(doc(loss.summary())).append(".\n");
        out.append("Paper: ").append(doc(loss.paper())).append(".\n");
        if (loss.batchStatistics()) {
            out.append("Uses batch statistics: one pair's loss depends on the rest of the batch.\n");
        }
        candidateLines(info).forEach(line -> out.append(doc(line)).append('\n'));
        out.append("\nloss(...) takes summed token log-probabilities of shape (batch,) and returns the\n");
        out.append("per-example losses, shape (batch,): take their mean to train.");
        if (t.required().isEmpty()) {
            out.append(" discopop_loss(self, ...)\n");
            out.append("is the same loss with DiscoPOP's method signature, beta read from self.beta.");
        }
        out.append("\n\"\"\"\n");
        if (t.body().contains("math.")) {
            out.append("import math\n\n");
        }
        out.append("import torch\nimport torch.nn.functional as F\n\n\n");

        out.append("def ").append(FUNCTION).append("(\n");
        for (String argument : List.of("policy_chosen_logps", "policy_rejected_logps", "reference_chosen_logps",
                "reference_rejected_logps")) {
            out.append("    ").append(argument).append(": torch.FloatTensor,\n");
        }
        out.append("    beta: float,\n");
        for (String extra : t.extras()) {
            out.append("    ").append(extra).append(": torch.FloatTensor = None,\n");
        }
        out.append(") -> torch.FloatTensor:\n");
        out.append("    \"\"\"").append(doc(loss.name())).append(": ").append(doc(loss.summary())).append(".\"\"\"\n");
        for (Map.Entry<String, Double> c : constants(loss).entrySet()) {
            out.append("    ").append(c.getKey()).append(" = ").append(python(c.getValue())).append('\n');
        }
        if (!t.required().isEmpty()) {
            List<String> conditions = new ArrayList<>();
            for (String r : t.required()) {
                conditions.add(r + " is None");
            }
            out.append("    if ").append(String.join(" or ", conditions)).append(":\n");
            List<String> names = t.required();
            String needs = names.size() == 1 ? names.get(0)
                    : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
            out.append("        raise ValueError(\"").append(loss.name()).append(" needs ").append(needs)
                    .append("\")\n");
        }
        t.body().lines().forEach(line -> out.append(line.isEmpty() ? "" : "    " + line).append('\n'));

        if (t.required().isEmpty()) {
            out.append("\n\ndef discopop_loss(\n    self,\n");
            out.append("    policy_chosen_logps: torch.FloatTensor,\n    policy_rejected_logps: torch.FloatTensor,\n");
            out.append("    reference_chosen_logps: torch.FloatTensor,\n");
            out.append("    reference_rejected_logps: torch.FloatTensor,\n) -> torch.FloatTensor:\n");
            out.append("    \"\"\"loss() as a trainer method, like DiscoPOP's: beta comes from self.beta.\"\"\"\n");
            out.append("    return ").append(FUNCTION).append("(policy_chosen_logps, policy_rejected_logps,\n")
                    .append("                reference_chosen_logps, reference_rejected_logps, self.beta)\n");
        }
        return new PythonExport(out.toString(), PythonExport.Origin.BUILTIN, loss.name());
    }

    /**
     * A loss's own rendering, with a comment header naming the candidate.
     *
     * @throws IllegalArgumentException when the rendering defines no top-level {@code loss}
     */
    public PythonExport rendered(CandidateInfo info, PythonRenderable rendered) {
        String python = rendered.pythonSource();
        if (python == null || !DEFINES_LOSS.matcher(python).find()) {
            throw new IllegalArgumentException("the rendered Python defines no top-level function '" + FUNCTION + "'");
        }
        StringBuilder out = new StringBuilder();
        out.append("# LossForge export: ").append(comment(info.name())).append('\n');
        for (String line : candidateLines(info)) {
            out.append("# ").append(comment(line)).append('\n');
        }
        out.append('\n').append(python);
        return new PythonExport(out.toString(), PythonExport.Origin.RENDERED, null);
    }

    private static List<String> candidateLines(CandidateInfo info) {
        List<String> lines = new ArrayList<>();
        if (info == null) {
            return lines;
        }
        StringBuilder where = new StringBuilder();
        if (info.candidateId() != null) {
            where.append("Candidate ").append(info.candidateId());
        }
        if (info.campaign() != null) {
            where.append(where.length() == 0 ? "Campaign " : " of campaign ").append(info.campaign().id());
            if (info.campaign().name() != null) {
                where.append(" (").append(info.campaign().name()).append(")");
            }
        }
        if (info.proposer() != null) {
            where.append(where.length() == 0 ? "Proposer " : ", proposer ").append(info.proposer());
        }
        if (where.length() > 0) {
            lines.add(where + ".");
        }
        if (info.codeHash() != null) {
            lines.add("Code hash: " + info.codeHash());
        }
        if (info.hypothesis() != null && !info.hypothesis().isBlank()) {
            lines.add("Hypothesis: " + info.hypothesis().strip());
        }
        return lines;
    }

    /** The Java class's tunable constants, by name: the Python body uses the same names. */
    static Map<String, Double> constants(BuiltinLoss loss) {
        List<Field> fields = new ArrayList<>();
        for (Field f : loss.type().getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == double.class) {
                fields.add(f);
            }
        }
        fields.sort(Comparator.comparing(Field::getName));
        Map<String, Double> constants = new LinkedHashMap<>();
        for (Field f : fields) {
            try {
                f.setAccessible(true);
                constants.put(f.getName(), f.getDouble(null));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + loss.type().getName() + "." + f.getName(), e);
            }
        }
        return constants;
    }

    /** A double as a Python float literal that reads back to the same double. */
    static String python(double value) {
        return Double.toString(value).replace('E', 'e');
    }

    private static Map<String, BuiltinLoss> sources() {
        Map<String, BuiltinLoss> map = bySource;
        if (map == null) {
            map = new LinkedHashMap<>();
            for (BuiltinLoss loss : BuiltinLosses.all()) {
                map.put(normalise(loss.source()), loss);
            }
            bySource = map;
        }
        return map;
    }

    private static String normalise(String source) {
        return source.replace("\r\n", "\n").replace('\r', '\n').replaceAll("[ \\t]+\\n", "\n").strip();
    }

    private static String doc(String text) {
        return text.replace("\\", "/").replace("\"\"\"", "'''").replaceAll("\\s*\\R\\s*", " ");
    }

    private static String comment(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ");
    }
}
