package dev.lossforge.sandbox;

import dev.lossforge.sandbox.LossRejectedException.Kind;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the two commonest wrong answers of an LLM before the Java parser buries them under
 * a syntax error: Python (DiscoPOP's losses are PyTorch functions, and models fall back to them)
 * and Java wrapped in a Markdown code fence.
 */
final class SourceSniffer {

    private static final String PYTHON_ADVICE = "this is Python; write one Java class implementing "
            + "dev.lossforge.loss.PreferenceLoss (public NDArray compute(PreferenceBatch batch)) using NDArray "
            + "operations and Ops";

    private static final List<Pattern> PYTHON = List.of(
            Pattern.compile("^[ \\t]*def\\s+\\w+\\s*\\(.*\\)\\s*(->\\s*[\\w.\\[\\], ]+)?\\s*:", Pattern.MULTILINE),
            Pattern.compile("^[ \\t]*import\\s+(torch|numpy|jax|tensorflow)\\b", Pattern.MULTILINE),
            Pattern.compile("^[ \\t]*from\\s+[\\w.]+\\s+import\\s+\\w", Pattern.MULTILINE),
            Pattern.compile("\\breturn\\s+(torch|F|np|jnp)\\.\\w+"),
            Pattern.compile("\\btorch\\.(nn|sigmoid|log|exp|clamp|mean|tensor|where)\\b"));

    private static final Pattern FENCE = Pattern.compile("^[ \\t]*(```|~~~)", Pattern.MULTILINE);
    private static final Pattern JAVA_CLASS = Pattern.compile("\\bclass\\s+\\w+");

    private SourceSniffer() {
    }

    static void check(String source) throws LossRejectedException {
        Matcher fence = FENCE.matcher(source);
        if (fence.find()) {
            int[] at = position(source, fence.start(1));
            throw new LossRejectedException(Kind.SYNTAX, at[0], at[1], "remove the Markdown code fence ("
                    + fence.group(1) + "): send only the Java source of the class");
        }
        if (JAVA_CLASS.matcher(source).find() && !source.contains("def ")) {
            return;
        }
        int first = -1;
        for (Pattern p : PYTHON) {
            Matcher m = p.matcher(source);
            if (m.find() && (first < 0 || m.start() < first)) {
                first = m.start();
            }
        }
        if (first >= 0) {
            while (first < source.length() && (source.charAt(first) == ' ' || source.charAt(first) == '\t')) {
                first++;
            }
            int[] at = position(source, first);
            throw new LossRejectedException(Kind.NOT_JAVA, at[0], at[1], PYTHON_ADVICE);
        }
    }

    /** 1-based line and column of a character offset. */
    static int[] position(String source, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
