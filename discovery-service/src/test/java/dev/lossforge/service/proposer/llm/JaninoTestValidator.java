package dev.lossforge.service.proposer.llm;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.loss.ProbeResult;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.Location;
import org.codehaus.janino.SimpleCompiler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the sandbox's validator until it is on main: compiles with Janino (real compiler
 * errors, with line and column), runs the loss on a fixed batch through {@link LossProbe} and
 * rejects non-finite values or gradients. No allow-list: the tests only send their own sources.
 */
final class JaninoTestValidator implements LossCodeValidator {

    private static final Pattern CLASS = Pattern.compile("public\\s+(?:final\\s+)?class\\s+(\\w+)");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");

    private static final BatchValues BATCH = new BatchValues(
            new double[] {-10.2, -8.5, -12.0, -9.1, -15.3, -7.7, -11.1, -9.9},
            new double[] {-11.0, -8.1, -13.5, -10.4, -14.2, -9.6, -10.5, -12.3},
            new double[] {-10.0, -8.9, -12.5, -9.0, -15.0, -8.0, -11.4, -10.2},
            new double[] {-10.8, -8.4, -13.0, -10.1, -14.6, -9.2, -10.9, -11.8},
            new double[] {5, 4, 7, 5, 9, 3, 6, 5},
            new double[] {6, 4, 8, 6, 8, 5, 6, 7},
            null, null, null, 0.1);

    @Override
    public CodeVerdict validate(String code) {
        SimpleCompiler compiler = new SimpleCompiler();
        try {
            compiler.cook(code);
        } catch (CompileException e) {
            Location at = e.getLocation();
            String message = e.getMessage();
            if (at != null && message.startsWith(at + ": ")) {
                message = message.substring(at.toString().length() + 2);
            }
            int line = at == null ? 0 : at.getLineNumber();
            int column = at == null ? 0 : at.getColumnNumber();
            return new CodeVerdict.Rejected("COMPILE", line, column,
                    (line > 0 ? "line " + line + ", column " + column + ": " : "") + message);
        }
        Matcher cls = CLASS.matcher(code);
        if (!cls.find()) {
            return new CodeVerdict.Rejected("NOT_A_LOSS", 0, 0, "no public class found");
        }
        Matcher pkg = PACKAGE.matcher(code);
        String name = (pkg.find() ? pkg.group(1) + "." : "") + cls.group(1);
        ProbeResult probe;
        try {
            PreferenceLoss loss = (PreferenceLoss) compiler.getClassLoader().loadClass(name)
                    .getDeclaredConstructor().newInstance();
            synchronized (JaninoTestValidator.class) {
                // DJL allows one gradient collector at a time in the whole JVM
                probe = LossProbe.probe(loss, BATCH);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new CodeVerdict.Rejected("SMOKE_TEST", 0, 0, "the loss threw " + e);
        }
        int bad = 0;
        for (int i = 0; i < probe.losses().length; i++) {
            if (!Double.isFinite(probe.losses()[i]) || !Double.isFinite(probe.gradPolicyChosen()[i])) {
                bad++;
            }
        }
        if (bad > 0) {
            return new CodeVerdict.Rejected("SMOKE_TEST", 0, 0, "the loss or its gradient is NaN or infinite for "
                    + bad + " of " + probe.losses().length + " pairs of the smoke-test batch");
        }
        return new CodeVerdict.Accepted(fingerprint(probe), null);
    }

    private static String fingerprint(ProbeResult probe) {
        StringBuilder text = new StringBuilder();
        for (double v : probe.losses()) {
            text.append(String.format(Locale.ROOT, "%.6g,", v));
        }
        for (double v : probe.gradPolicyChosen()) {
            text.append(String.format(Locale.ROOT, "%.6g,", v));
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
