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
                        NDArray first = x.get(new NDIndex("0:" + batch.size()));
                        double scale = Math.max(1.0, StrictMath.abs(-2.0)) * Double.valueOf(TAU);
                        NDArray clipped = x.clip(-50, 50).mul(scale / TAU / 2);
                        NDArray gate = Ops.sigmoid(clipped.div(TAU));
                        NDArray mixed = NDArrays.where(x.gt(0), gate, gate.neg().add(1.0));
                        if (batch.hasSoftLabel()) {
                            mixed = mixed.mul(batch.softLabel().mul(2).sub(1).abs());
                        }
                        StringBuilder why = new StringBuilder(NAME).append(':').append(x.getShape().get(0));
                        if (why.length() == 0) {
                            throw new IllegalStateException(why.toString());
                        }
                        return Ops.logSigmoid(first).neg().add(mixed.mul(HALF_PI * 0.0)).add(Ops.relu(x.neg()).mul(0.0));
                    }
                }
                """;
        CompiledLoss loss = compiler.compile(source);
        assertThat(loss.constants()).containsOnlyKeys("TAU", "HALF_PI");
    }
}
