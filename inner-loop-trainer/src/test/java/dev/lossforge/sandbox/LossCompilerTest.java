package dev.lossforge.sandbox;

import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.sandbox.LossRejectedException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

class LossCompilerTest {

    private final LossCompiler compiler = new LossCompiler();

    @ParameterizedTest
    @ValueSource(strings = {"Dpo.java", "DpoSoftplus.java", "DpoDoubleBeta.java", "Ipo.java",
            "ConservativeDpoHelpers.java", "WhereLoss.java", "RobustDpoConstants.java", "RewardMargin.java"})
    void compilesGoodSourcesToOneLoadableClass(String file) throws Exception {
        CompiledLoss loss = compiler.compile(Sources.good(file));

        String simple = file.replace(".java", "");
        assertThat(loss.simpleName()).isEqualTo(simple);
        assertThat(loss.classFiles()).containsOnlyKeys(loss.className());
        byte[] bytes = loss.classFiles().get(loss.className());
        assertThat(bytes).startsWith(0xCA, 0xFE, 0xBA, 0xBE);
        PreferenceLoss instance = loss.newInstance();
        assertThat(instance.getClass().getName()).isEqualTo(loss.className());
        assertThat(loss.newInstance()).isNotSameAs(instance);
    }

    @Test
    void thePackageDeclarationMakesTheBinaryName() throws Exception {
        assertThat(compiler.compile(Sources.good("DpoSoftplus.java")).className())
                .isEqualTo("lossforge.candidates.DpoSoftplus");
        assertThat(compiler.compile(Sources.good("Dpo.java")).className()).isEqualTo("Dpo");
    }

    @Test
    void extractsTheStaticFinalDoubleConstantsInDeclarationOrder() throws Exception {
        CompiledLoss loss = compiler.compile(Sources.good("RobustDpoConstants.java"));

        // NORMALISER = 1 / (1 - 2 * 0.1) = 1.25; the int constant and the instance field are not listed
        assertThat(loss.constants()).containsExactly(entry("EPSILON", 0.1), entry("SCALE", 1.0),
                entry("NORMALISER", 1.25));
        assertThatThrownBy(() -> loss.constants().put("EPSILON", 0.2)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(compiler.compile(Sources.good("Dpo.java")).constants()).isEmpty();
    }

    @Test
    void everyCompileGetsItsOwnClassLoader() throws Exception {
        String source = Sources.good("Dpo.java");
        Class<?> first = compiler.compile(source).newInstance().getClass();
        Class<?> second = compiler.compile(source).newInstance().getClass();

        assertThat(first).isNotSameAs(second);
        assertThat(first.getClassLoader()).isNotSameAs(second.getClassLoader())
                .isNotSameAs(PreferenceLoss.class.getClassLoader());
    }

    @Test
    void aCompiledLossLinksOnlyAgainstTheAllowList() throws Exception {
        ClassLoader loader = compiler.compile(Sources.good("Dpo.java")).newInstance().getClass().getClassLoader();

        assertThat(loader.loadClass("ai.djl.ndarray.NDArray")).isSameAs(ai.djl.ndarray.NDArray.class);
        assertThat(loader.loadClass("dev.lossforge.loss.Ops")).isSameAs(dev.lossforge.loss.Ops.class);
        for (String forbidden : new String[] {"java.lang.System", "java.lang.Runtime", "java.lang.Thread",
                "java.lang.ClassLoader", "java.io.File", "ai.djl.engine.Engine", "ai.djl.ndarray.BaseNDManager",
                "dev.lossforge.sandbox.LossCompiler"}) {
            assertThatThrownBy(() -> loader.loadClass(forbidden)).as(forbidden)
                    .isInstanceOf(ClassNotFoundException.class);
        }
        assertThat(loader.getResource("dev/lossforge/loss/Ops.class")).isNull();
    }

    @Test
    void janinoCompilesAgainstTheAllowListAndTheTypesItNeedsToResolveOverloads() throws Exception {
        CompileTimeClassLoader loader = new CompileTimeClassLoader(getClass().getClassLoader());

        assertThat(loader.loadClass("ai.djl.ndarray.NDArray")).isSameAs(ai.djl.ndarray.NDArray.class);
        // Janino's bootstrap needs System and Class; the source and bytecode checks keep losses off them
        assertThat(loader.loadClass("java.lang.System")).isSameAs(System.class);
        // parameter type of NDManager.create(Buffer, Shape): needed to pick create(double)
        assertThat(loader.loadClass("java.nio.Buffer")).isSameAs(java.nio.Buffer.class);
        for (String refused : new String[] {"java.io.File", "java.lang.Thread", "java.lang.ProcessBuilder",
                "java.net.Socket", "ai.djl.training.GradientCollector", "dev.lossforge.sandbox.LossCompiler"}) {
            assertThatThrownBy(() -> loader.loadClass(refused)).as(refused).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void compileFileReadsUtf8(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("Ipo.java");
        Files.writeString(file, "// größer als DPO\n" + Sources.good("Ipo.java"));
        assertThat(compiler.compileFile(file).simpleName()).isEqualTo("Ipo");
    }

    @Test
    void refusesEmptyAndOverlongSources() {
        assertThat(catchThrowableOfType(LossRejectedException.class, () -> compiler.compile("  \n")).kind())
                .isEqualTo(Kind.NOT_A_LOSS);
        String huge = "// " + "x".repeat(LossCompiler.MAX_SOURCE_CHARS) + "\n" + Sources.good("Dpo.java");
        LossRejectedException e = catchThrowableOfType(LossRejectedException.class, () -> compiler.compile(huge));
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.reason()).contains("at most " + LossCompiler.MAX_SOURCE_CHARS);
    }

    @Test
    void aRejectionRendersItsPositionForTheAuthor() {
        assertThat(new LossRejectedException(Kind.FORBIDDEN, 12, 5, "no threads").getMessage())
                .isEqualTo("line 12, column 5: no threads");
        assertThat(new LossRejectedException(Kind.SMOKE_TEST, 9, 0, "threw").getMessage()).isEqualTo("line 9: threw");
        LossRejectedException nowhere = new LossRejectedException(Kind.NOT_A_LOSS, "no class found");
        assertThat(nowhere.getMessage()).isEqualTo("no class found");
        assertThat(nowhere.line()).isZero();
        assertThat(nowhere.column()).isZero();
    }

    @Test
    void typeErrorsComeBackAsCompileErrorsWithTheirPosition() {
        String source = """
                import ai.djl.ndarray.NDArray;
                import dev.lossforge.loss.*;
                public class Typo implements PreferenceLoss {
                    public NDArray compute(PreferenceBatch batch) {
                        return Ops.logSigmoidd(Ops.logRatioDifference(batch));
                    }
                }
                """;
        LossRejectedException e = catchThrowableOfType(LossRejectedException.class, () -> compiler.compile(source));
        assertThat(e.kind()).isEqualTo(Kind.COMPILE);
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.reason()).contains("logSigmoidd");
        assertThat(e.getMessage()).startsWith("line 5, column ");
    }

    private static String lossWithBody(String body) {
        return "import ai.djl.ndarray.NDArray;\nimport dev.lossforge.loss.*;\n"
                + "public class Subset implements PreferenceLoss {\n"
                + "    public NDArray compute(PreferenceBatch batch) {\n" + body + "\n    }\n}\n";
    }

    @Test
    void newerJavaThatJaninoLacksGetsAdvice() {
        LossRejectedException pattern = catchThrowableOfType(LossRejectedException.class, () -> compiler.compile(
                lossWithBody("        Object o = batch.policyChosenLogps();\n"
                        + "        if (o instanceof NDArray x) { return x; }\n        return null;")));
        assertThat(pattern.kind()).isEqualTo(Kind.UNSUPPORTED);
        assertThat(pattern.line()).isEqualTo(6);
        assertThat(pattern.reason()).contains("pattern matching", "cast explicitly");

        LossRejectedException arrow = catchThrowableOfType(LossRejectedException.class, () -> compiler.compile(
                lossWithBody("        double s = 1;\n        switch (batch.size()) { case 1 -> s = 2; default -> s = 1; }\n"
                        + "        return batch.policyChosenLogps().mul(s);")));
        assertThat(arrow.kind()).isEqualTo(Kind.UNSUPPORTED);
        assertThat(arrow.reason()).contains("use if/else or the conditional operator");
    }

    @Test
    void genericHelpersAreRefusedWithAHintBecauseJaninoDoesNotInferTypes() {
        String source = lossWithBody("        return pick(batch.policyChosenLogps());\n    }\n"
                + "    private static <T> T pick(T value) {\n        return value;");
        LossRejectedException e = catchThrowableOfType(LossRejectedException.class, () -> compiler.compile(source));
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.reason()).contains("generic type parameters are not allowed (T)", "does not infer generic types");
    }

    @Test
    void textBlocksCompileAsConstantsOfExceptionMessages() throws Exception {
        String source = "import ai.djl.ndarray.NDArray;\nimport dev.lossforge.loss.*;\n"
                + "public class Subset implements PreferenceLoss {\n"
                + "    static final String NOTE = \"\"\"\n        a note\n        \"\"\";\n"
                + "    public NDArray compute(PreferenceBatch batch) {\n"
                + "        if (batch.beta() > 1e9) {\n            throw new IllegalArgumentException(NOTE + batch.beta());\n"
                + "        }\n        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();\n    }\n}\n";
        assertThat(compiler.compile(source).simpleName()).isEqualTo("Subset");
    }

    @Test
    void exceptionMessagesJoinLiteralsConstantsNumbersAndArrays() throws Exception {
        // two operands compile to String.concat, more to a StringBuilder: both are what '+' needs
        String source = """
                import ai.djl.ndarray.NDArray;
                import dev.lossforge.loss.*;
                public class Messages implements PreferenceLoss {
                    static final String NAME = "messages";
                    public NDArray compute(PreferenceBatch batch) {
                        NDArray rho = Ops.logRatioDifference(batch);
                        if (batch.beta() > 1e6) {
                            throw new IllegalArgumentException("beta too large: " + batch.beta());
                        }
                        if (batch.size() == 0) {
                            throw new IllegalStateException(NAME + ": no pairs in " + rho + " of shape " + rho.getShape()
                                    + ", size " + batch.size() + ", " + true);
                        }
                        if (!batch.hasRewards()) {
                            throw new MissingInputException(NAME + " needs rewards");
                        }
                        return Ops.logSigmoid(rho).neg();
                    }
                }
                """;
        assertThat(compiler.compile(source).simpleName()).isEqualTo("Messages");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{3}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "        Double half = Double.valueOf(\"0.5\"); | 5 | 38 | a string literal outside a throw statement",
        "        int n = String.valueOf(1.5).length(); | 5 | 24 | String methods are not allowed (valueOf)",
        "        throw new IllegalStateException(new String(\"x\")); | 5 | 45 | new String is not allowed",
        "        throw new IllegalStateException(new IllegalStateException(\"x\")); | 5 | 45 | "
                + "an exception may only be created where it is thrown",
        "        NDArray[] parts = {batch.policyChosenLogps()}; Object first = parts[0]; | 5 | 56 | "
                + "local variable 'first' of type Object is not allowed",
        "        String[] names = {}; | 5 | 9 | local variable 'names' of type String[] is not allowed",
        "        double[] weights = {%s}; | 5 | 28 | array initialiser too large (at most 1024 elements)"
    })
    void textIsConfinedToExceptionMessages(String statement, int line, int column, String reason) {
        // CsvSource trims the statement; the columns count its indentation of eight spaces
        String source = lossWithBody("        " + statement.replace("{%s}", "{" + "0.5, ".repeat(1024) + "0.5}")
                + "\n        return batch.policyChosenLogps();");
        LossRejectedException e = catchThrowableOfType(LossRejectedException.class, () -> compiler.compile(source));
        assertThat(e).as(statement).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.reason()).contains(reason);
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.column()).isEqualTo(column);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{2}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "    final String label = \"x\"; | 4 | field 'label' of type String is not allowed",
        "    static final String[] LABELS = {\"x\"}; | 4 | field 'LABELS' of type String[] is not allowed",
        "    static final Object THING = 1.0; | 4 | field 'THING' of type Object is not allowed",
        "    static final String LONG = \"%s\"; | 4 | is 201 characters long; at most 200 are allowed",
        "    static NDArray label(Object o) { return null; } | 4 | parameter 'o' of type Object is not allowed",
        "    static String label() { throw new IllegalStateException(); } | 4 | method 'label' returning String is "
                + "not allowed"
    })
    void membersCannotHoldTextOrLargeArrays(String member, int line, String reason) {
        String filled = "    " + member.replace("\"%s\"", "\"" + "a".repeat(201) + "\"");
        String source = "import ai.djl.ndarray.NDArray;\nimport dev.lossforge.loss.*;\n"
                + "public class Members implements PreferenceLoss {\n" + filled + "\n"
                + "    public NDArray compute(PreferenceBatch batch) {\n        return batch.policyChosenLogps();\n"
                + "    }\n}\n";
        LossRejectedException e = catchThrowableOfType(LossRejectedException.class, () -> compiler.compile(source));
        assertThat(e).as(member).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.reason()).contains(reason);
        assertThat(e.line()).isEqualTo(line);
    }

    @Test
    void aStringConstantOfTheLongestLengthIsAccepted() throws Exception {
        String source = "import ai.djl.ndarray.NDArray;\nimport dev.lossforge.loss.*;\n"
                + "public class Longest implements PreferenceLoss {\n"
                + "    static final String LABEL = \"" + "a".repeat(SourceChecker.MAX_STRING_CONSTANT) + "\";\n"
                + "    public NDArray compute(PreferenceBatch batch) {\n"
                + "        if (batch.size() == 0) {\n            throw new IllegalStateException(LABEL);\n        }\n"
                + "        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();\n    }\n}\n";
        assertThat(compiler.compile(source).simpleName()).isEqualTo("Longest");
    }

    @Test
    void allowsTheDjlAndJavaLangApiALossNeeds() throws Exception {
        String source = """
                package my.losses;

                import ai.djl.ndarray.*;
                import ai.djl.ndarray.types.DataType;
                import ai.djl.ndarray.index.NDIndex;
                import dev.lossforge.loss.*;

                public class Kitchen implements PreferenceLoss {
                    static final double TAU = 0.05;
                    static final double HALF_PI = Math.PI / 2;
                    static final String NAME = "kitchen";

                    @Override
                    public NDArray compute(PreferenceBatch batch) {
                        NDArray x = Ops.logRatioDifference(batch).mul(batch.beta()).toType(DataType.FLOAT64, false);
                        NDArray first = x.get(new NDIndex().addSliceDim(0, batch.size()));
                        double scale = Math.max(1.0, StrictMath.abs(-2.0)) * Double.valueOf(TAU);
                        NDArray clipped = x.clip(-50, 50).mul(scale / TAU / 2);
                        NDArray gate = Ops.sigmoid(clipped.div(TAU));
                        NDArray mixed = NDArrays.where(x.gt(0), gate, gate.neg().add(1.0));
                        if (batch.hasSoftLabel()) {
                            mixed = mixed.mul(batch.softLabel().mul(2).sub(1).abs());
                        }
                        if (x.getShape().dimension() != 1) {
                            throw new IllegalStateException(NAME + ": expected a vector, got " + x.getShape()
                                    + " of " + x.getShape().get(0) + " values");
                        }
                        return Ops.logSigmoid(first).neg().add(mixed.mul(HALF_PI * 0.0)).add(Ops.relu(x.neg()).mul(0.0));
                    }
                }
                """;
        CompiledLoss loss = compiler.compile(source);
        assertThat(loss.constants()).containsOnlyKeys("TAU", "HALF_PI");
    }
}
