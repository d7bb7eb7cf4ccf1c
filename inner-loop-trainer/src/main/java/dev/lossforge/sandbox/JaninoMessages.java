package dev.lossforge.sandbox;

import dev.lossforge.sandbox.LossRejectedException.Kind;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.InternalCompilerException;
import org.codehaus.commons.compiler.Location;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Janino's errors into rejections an author can act on: the position separated from the
 * text, and the "NYI" (not yet implemented) features of Janino 3.1.12 replaced by advice.
 */
final class JaninoMessages {

    static final String LAMBDA_ADVICE = "lambdas are not supported by the sandbox compiler: use plain "
            + "(private static) helper methods and call them directly";
    static final String METHOD_REFERENCE_ADVICE = "method references (X::m) are not supported by the sandbox "
            + "compiler: call the method directly, or write a private static helper method";
    static final String VAR_ADVICE = "'var' is not supported by the sandbox compiler: write an explicit type "
            + "instead of var (for example 'NDArray rho = ...;' or 'double scale = ...;')";
    static final String SWITCH_EXPRESSION_ADVICE = "switch expressions and 'case ->' are not supported by the "
            + "sandbox compiler: use if/else or the conditional operator (c ? a : b)";
    static final String RECORD_ADVICE = "records are not supported by the sandbox compiler: write one ordinary "
            + "public class implementing PreferenceLoss";

    private static final Pattern LOCATION = Pattern.compile("(?:File '[^']*', )?Line (\\d+), Column (\\d+): ?");
    private static final Pattern CANNOT_LOAD = Pattern.compile("Cannot load class \"?([\\w.$]+)\"?");

    private JaninoMessages() {
    }

    private static final Pattern INSTANCEOF_PATTERN = Pattern.compile("\\binstanceof\\s+[\\w.<>\\[\\]]+\\s+[A-Za-z_]\\w*");

    /** A parse error in {@code source}. */
    static LossRejectedException syntax(CompileException e, String source) {
        Location at = e.getLocation();
        String message = stripLocation(e.getMessage(), at);
        String line = lineOf(source, at);
        Kind kind = Kind.SYNTAX;
        if (INSTANCEOF_PATTERN.matcher(line).find()) {
            kind = Kind.UNSUPPORTED;
            message = "pattern matching (x instanceof T t) is not supported by the sandbox compiler: test with "
                    + "instanceof, then cast explicitly";
        } else if (message.contains("\"switch\" in primary") || message.contains("'->'") || message.contains("\"->\"")) {
            kind = Kind.UNSUPPORTED;
            message = SWITCH_EXPRESSION_ADVICE + " (" + message + ")";
        } else if (message.contains("instead of 'record'") || message.contains("instead of \"record\"")) {
            kind = Kind.UNSUPPORTED;
            message = RECORD_ADVICE;
        } else if (message.contains("'sealed'") || message.contains("'permits'")) {
            kind = Kind.UNSUPPORTED;
            message = "sealed classes are not supported by the sandbox compiler: write one ordinary public class";
        } else {
            message = "syntax error: " + message;
        }
        return SourceChecker.rejected(kind, at, message);
    }

    /** An error found while compiling a parsed source. */
    static LossRejectedException compile(CompileException e) {
        Location at = e.getLocation();
        String message = stripLocation(e.getMessage(), at);
        if (message.contains("type inference NYI")) {
            return SourceChecker.rejected(Kind.UNSUPPORTED, at, VAR_ADVICE);
        }
        if (message.contains("lambda expression NYI")) {
            return SourceChecker.rejected(Kind.UNSUPPORTED, at, LAMBDA_ADVICE);
        }
        if (message.contains("method reference NYI") || message.contains("reference NYI")) {
            return SourceChecker.rejected(Kind.UNSUPPORTED, at, METHOD_REFERENCE_ADVICE);
        }
        if (message.contains("must implement method") && message.contains("PreferenceLoss.compute")) {
            return SourceChecker.rejected(Kind.NOT_A_LOSS, at, "the class must implement "
                    + "'public NDArray compute(PreferenceBatch batch)' of PreferenceLoss");
        }
        if (message.contains("NYI")) {
            return SourceChecker.rejected(Kind.UNSUPPORTED, at, "the sandbox compiler (Janino) does not implement "
                    + "this construct: " + message + "; write it in plain Java 8 style");
        }
        if (message.contains("from type \"java.lang.Object\"")) {
            message += "; the sandbox compiler does not infer generic types: give helper methods explicit types "
                    + "(NDArray, double) instead of type parameters";
        }
        return SourceChecker.rejected(Kind.COMPILE, at, message);
    }

    private static String lineOf(String source, Location at) {
        if (at == null || at.getLineNumber() <= 0) {
            return "";
        }
        String[] lines = source.split("\\r\\n|\\r|\\n", -1);
        return at.getLineNumber() <= lines.length ? lines[at.getLineNumber() - 1] : "";
    }

    /**
     * Janino throws an internal error when resolving a member needs a class the compile-time class
     * loader refuses (a chained call into a type outside the allow-list, such as
     * {@code manager.getEngine().newGradientCollector()}). The innermost located message carries
     * the position.
     */
    static LossRejectedException internal(InternalCompilerException e) {
        int line = 0;
        int column = 0;
        String refused = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            Matcher m = LOCATION.matcher(text);
            if (m.find()) {
                line = Integer.parseInt(m.group(1));
                column = Integer.parseInt(m.group(2));
            }
            Matcher c = CANNOT_LOAD.matcher(text);
            if (c.find()) {
                refused = c.group(1);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (refused != null) {
            return new LossRejectedException(Kind.FORBIDDEN, line, column, refused + " is not available in the "
                    + "sandbox, so its methods cannot be called (a loss may use " + SandboxPolicy.allowedSummary()
                    + ")");
        }
        String first = String.valueOf(e.getMessage());
        Matcher m = LOCATION.matcher(first);
        String text = m.find() ? first.substring(m.end()) : first;
        return new LossRejectedException(Kind.COMPILE, line, column, "the sandbox compiler failed on this "
                + "construct (" + text + "): write it more plainly");
    }

    private static String stripLocation(String message, Location at) {
        if (message == null) {
            return "";
        }
        if (at != null) {
            String prefix = at + ": ";
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length());
            }
        }
        Matcher m = LOCATION.matcher(message);
        if (m.lookingAt()) {
            return message.substring(m.end());
        }
        return message;
    }
}
