package dev.lossforge.loss.builtin;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.BuiltinLoss;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.loss.ProbeResult;
import org.codehaus.janino.SimpleCompiler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The packaged sources of the built-in losses are what the service stores as candidates' code,
 * so they must compile in the Janino sandbox. Checked here with plain Janino behind a class
 * loader that resolves only the sandbox's allow-list, plus a scan for the constructs the sandbox
 * rejects.
 */
class BuiltinSourcesTest {

    static Stream<BuiltinLoss> losses() {
        return BuiltinLosses.all().stream();
    }

    @ParameterizedTest
    @MethodSource("losses")
    void compilesWithJaninoAgainstTheAllowListAndComputesTheSameLoss(BuiltinLoss loss) throws Exception {
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.setParentClassLoader(new AllowListClassLoader(getClass().getClassLoader()));
        compiler.cook(loss.source());
        Class<?> compiled = compiler.getClassLoader().loadClass(loss.type().getName());
        assertThat(compiled).isNotSameAs(loss.type());
        PreferenceLoss fromJanino = (PreferenceLoss) compiled.getConstructor().newInstance();

        BatchValues batch = Batches.general(0.3);
        ProbeResult expected = LossProbe.probe(loss.newInstance(), batch);
        ProbeResult actual = LossProbe.probe(fromJanino, batch);
        assertThat(actual.losses()).containsExactly(expected.losses(), within(1e-15));
        assertThat(actual.gradPolicyChosen()).containsExactly(expected.gradPolicyChosen(), within(1e-15));
        assertThat(actual.gradPolicyRejected()).containsExactly(expected.gradPolicyRejected(), within(1e-15));
    }

    private static final List<String> FORBIDDEN = List.of(
            "\\bfor\\s*\\(", "\\bwhile\\s*\\(", "\\bdo\\s*\\{", "->", "::", "\\bvar\\s", "\\btry\\b", "\\bcatch\\b",
            "\\bswitch\\b", "\\brecord\\b", "\\bsynchronized\\b", "\\bnative\\b", "\\bstatic\\s*\\{", "\\bnew\\s+\\w+\\s*\\(\\s*\\)\\s*\\{",
            "newBaseManager", "\\.close\\(", "\\.detach\\(", "\\bSystem\\b", "\\bThread\\b", "getClass", "\\bClass\\b",
            "\\binterface\\b", "\\benum\\b");

    @ParameterizedTest
    @MethodSource("losses")
    void staysInsideTheSandboxSubset(BuiltinLoss loss) {
        String code = stripCommentsAndStrings(loss.source());

        for (String pattern : FORBIDDEN) {
            assertThat(Pattern.compile(pattern).matcher(code).find())
                    .as("%s uses forbidden construct /%s/", loss.name(), pattern).isFalse();
        }
        Matcher imports = Pattern.compile("^import\\s+([\\w.]+);", Pattern.MULTILINE).matcher(code);
        while (imports.find()) {
            assertThat(imports.group(1)).as(loss.name() + " import")
                    .matches("(ai\\.djl\\.ndarray\\.(types\\.)?|dev\\.lossforge\\.loss\\.)[A-Z]\\w*");
        }
        // the only object it creates is the exception that rejects a batch
        Matcher news = Pattern.compile("\\bnew\\s+(\\w+)").matcher(code);
        while (news.find()) {
            assertThat(news.group(1)).as(loss.name() + " creates").isEqualTo("MissingInputException");
        }
        // one public final class, named like the file
        assertThat(Pattern.compile("\\bclass\\s+\\w+").matcher(code).results().count()).as(loss.name()).isEqualTo(1);
        assertThat(code).contains("public final class " + loss.type().getSimpleName() + " implements PreferenceLoss");
        // class-level statements ending in ';' are constants: public static final primitive/String
        Matcher members = Pattern.compile("^ {4}(\\S[^\\n{]*);\\s*$", Pattern.MULTILINE).matcher(code);
        while (members.find()) {
            assertThat(members.group(1)).as(loss.name() + " field")
                    .matches("public static final (double|int|long|boolean|String) [A-Z][A-Z0-9_]* = .+");
        }
        // no method calls itself
        Matcher methods = Pattern.compile("^ {4}[\\w<> ]+\\s(\\w+)\\(([^)]*)\\)\\s*\\{\\n(.*?)^ {4}}",
                Pattern.MULTILINE | Pattern.DOTALL).matcher(code);
        int methodCount = 0;
        while (methods.find()) {
            methodCount++;
            assertThat(methods.group(3)).as(loss.name() + " method " + methods.group(1) + " recursion")
                    .doesNotContainPattern("\\b" + methods.group(1) + "\\s*\\(");
        }
        assertThat(methodCount).as(loss.name() + " methods found by the scan").isPositive();
    }

    private static String stripCommentsAndStrings(String source) {
        return source
                .replaceAll("(?s)/\\*.*?\\*/", "")
                .replaceAll("//[^\\n]*", "")
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    /**
     * Resolves only what the sandbox allows a loss to name: java.lang (not its subpackages), DJL's
     * ndarray types and the loss contract; plus what Janino itself looks up while compiling any
     * class: java.lang.annotation (to process {@code @Override}), java.lang.constant (boxed numbers
     * implement Constable), java.io.Serializable and java.util.Iterator. Hiding {@code dev.lossforge.loss.builtin} also makes
     * Janino define its own copy of the class instead of finding the javac-compiled one.
     */
    static final class AllowListClassLoader extends ClassLoader {

        private static final Pattern ALLOWED = Pattern.compile(
                "java\\.io\\.Serializable|java\\.util\\.Iterator|java\\.lang\\.(annotation\\.|constant\\.)?[A-Z][\\w$]*|ai\\.djl\\.ndarray\\.(types\\.)?[A-Z][\\w$]*|dev\\.lossforge\\.loss\\.[A-Z][\\w$]*");

        AllowListClassLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!ALLOWED.matcher(name).matches()) {
                throw new ClassNotFoundException(name + " is outside the sandbox allow-list");
            }
            return super.loadClass(name, resolve);
        }
    }
}
