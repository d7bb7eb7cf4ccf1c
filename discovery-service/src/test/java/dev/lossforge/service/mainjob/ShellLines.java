package dev.lossforge.service.mainjob;

import java.util.ArrayList;
import java.util.List;

/**
 * The little shell the README's code blocks use, split into words: single and double quotes
 * (a quoted string may span lines), backslash escapes and line continuations, and the operators
 * {@code &&}, {@code |} and a trailing {@code &}. Anything else ({@code ;}, redirections,
 * {@code $(...)}, variables) is refused, so that the tour cannot grow a construct that the test
 * would run differently from a shell.
 */
final class ShellLines {

    /** One stage of a pipeline: a program and its arguments. */
    record Stage(List<String> words) {
        String program() {
            return words.get(0);
        }
    }

    /** Stages joined by {@code |}; {@code background} when the step ends in {@code &}. */
    record Step(List<Stage> stages, boolean background) {
    }

    /** One command line: steps joined by {@code &&}. */
    record Line(String text, List<Step> steps) {
    }

    private ShellLines() {
    }

    static List<Line> parse(String block) {
        List<Line> lines = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int lineStart = 0;
        int i = 0;
        while (i < block.length()) {
            char c = block.charAt(i);
            if (c == '\'') {
                int end = block.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ' in: " + block.substring(lineStart));
                }
                word = word == null ? new StringBuilder() : word;
                word.append(block, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                word = word == null ? new StringBuilder() : word;
                i = doubleQuoted(block, i + 1, word);
            } else if (c == '\\') {
                if (i + 1 < block.length() && block.charAt(i + 1) == '\n') {
                    i += 2;
                    continue;
                }
                if (i + 1 >= block.length()) {
                    throw new IllegalArgumentException("a lone \\ at the end of: " + block.substring(lineStart));
                }
                word = word == null ? new StringBuilder() : word;
                word.append(block.charAt(i + 1));
                i += 2;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '&' || c == '|') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                if (c == '|') {
                    stages.add(stage(words, block, lineStart));
                    words = new ArrayList<>();
                } else if (c == '&' && i + 1 < block.length() && block.charAt(i + 1) == '&') {
                    stages.add(stage(words, block, lineStart));
                    steps.add(new Step(stages, false));
                    stages = new ArrayList<>();
                    words = new ArrayList<>();
                    i++;
                } else if (c == '&') {
                    stages.add(stage(words, block, lineStart));
                    steps.add(new Step(stages, true));
                    stages = new ArrayList<>();
                    words = new ArrayList<>();
                } else if (c == '\n') {
                    if (!words.isEmpty() || !stages.isEmpty()) {
                        stages.add(stage(words, block, lineStart));
                        steps.add(new Step(stages, false));
                    }
                    if (!steps.isEmpty()) {
                        lines.add(new Line(block.substring(lineStart, i).trim(), steps));
                    }
                    steps = new ArrayList<>();
                    stages = new ArrayList<>();
                    words = new ArrayList<>();
                    lineStart = i + 1;
                }
                i++;
            } else if (c == ';' || c == '<' || c == '>' || c == '$' || c == '`' || c == '(' || c == ')'
                    || (c == '#' && word == null)) {
                throw new IllegalArgumentException("the tour uses '" + c + "', which this test does not run: "
                        + block.substring(lineStart, Math.min(block.length(), i + 40)));
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
                i++;
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (!words.isEmpty() || !stages.isEmpty()) {
            stages.add(stage(words, block, lineStart));
            steps.add(new Step(stages, false));
        }
        if (!steps.isEmpty()) {
            lines.add(new Line(block.substring(lineStart).trim(), steps));
        }
        return lines;
    }

    private static int doubleQuoted(String block, int from, StringBuilder word) {
        int i = from;
        while (i < block.length()) {
            char c = block.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '$' || c == '`') {
                throw new IllegalArgumentException("the tour expands '" + c + "' inside double quotes, which this "
                        + "test does not run");
            }
            if (c == '\\' && i + 1 < block.length() && "\"\\$`\n".indexOf(block.charAt(i + 1)) >= 0) {
                if (block.charAt(i + 1) != '\n') {
                    word.append(block.charAt(i + 1));
                }
                i += 2;
                continue;
            }
            word.append(c);
            i++;
        }
        throw new IllegalArgumentException("unterminated \" in: " + block.substring(from - 1));
    }

    private static Stage stage(List<String> words, String block, int lineStart) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("an operator with no command before it in: "
                    + block.substring(lineStart, Math.min(block.length(), lineStart + 80)));
        }
        return new Stage(List.copyOf(words));
    }
}
