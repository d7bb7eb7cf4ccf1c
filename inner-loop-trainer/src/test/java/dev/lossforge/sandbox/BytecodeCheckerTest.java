package dev.lossforge.sandbox;

import dev.lossforge.bench.InMemoryJavac;
import dev.lossforge.sandbox.LossRejectedException.Kind;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The bytecode check on its own: class files compiled by javac, which never went through the
 * source check, so each rule is shown to hold in layer C independently of layer A.
 */
class BytecodeCheckerTest {

    private static final InMemoryJavac JAVAC = new InMemoryJavac();

    private static final String HEADER = String.join("\n",
            "import ai.djl.ndarray.NDArray;",
            "import dev.lossforge.loss.*;",
            "public class Probe implements PreferenceLoss {");

    private static LossRejectedException rejection(String body) throws Exception {
        String source = HEADER + "\n" + body + "\n}\n";
        Map<String, byte[]> classes = JAVAC.compile("Probe", source);
        ClassFile cf = ClassFile.parse(classes.get("Probe"));
        return catchThrowableOfType(LossRejectedException.class,
                () -> BytecodeChecker.check(cf, source, Set.of("Probe")));
    }

    @Test
    void acceptsDpoCompiledByJavac() throws Exception {
        LossRejectedException e = rejection("""
                public NDArray compute(PreferenceBatch b) {
                    return Ops.logSigmoid(Ops.logRatioDifference(b).mul(b.beta())).neg();
                }""");
        assertThat(e).isNull();
    }

    @Test
    void rejectsAReferenceToSystemWithItsLine() throws Exception {
        LossRejectedException e = rejection("""
                public NDArray compute(PreferenceBatch b) {
                    long t = System.nanoTime();
                    return b.policyChosenLogps();
                }""");
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.reason()).contains("java.lang.System");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.column()).isEqualTo(14); // "System" in "    long t = System.nanoTime();"
    }

    @Test
    void rejectsALoopAsABackwardJump() throws Exception {
        LossRejectedException e = rejection("""
                public NDArray compute(PreferenceBatch b) {
                    NDArray x = b.policyChosenLogps();
                    for (int i = 0; i < 3; i++) {
                        x = x.add(1.0);
                    }
                    return x;
                }""");
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.reason()).contains("loops are not allowed");
        assertThat(e.line()).isBetween(6, 7);
    }

    @Test
    void rejectsExceptionHandlers() throws Exception {
        LossRejectedException e = rejection("""
                public NDArray compute(PreferenceBatch b) {
                    try {
                        return b.policyChosenLogps();
                    } catch (IllegalStateException ex) {
                        return b.policyRejectedLogps();
                    }
                }""");
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.reason()).contains("exception handlers are not allowed");
    }

    @Test
    void rejectsMutableStaticState() throws Exception {
        LossRejectedException e = rejection("""
                static double calls;
                public NDArray compute(PreferenceBatch b) {
                    calls++;
                    return b.policyChosenLogps();
                }""");
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.reason()).contains("mutable static field 'calls'");
        assertThat(e.line()).isEqualTo(4);
    }

    @Test
    void rejectsAStaticInitialiser() throws Exception {
        LossRejectedException e = rejection("""
                static final double SEED = Math.sqrt(2.0);
                public NDArray compute(PreferenceBatch b) {
                    return b.policyChosenLogps().mul(SEED);
                }""");
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.reason()).contains("static initialisation code is not allowed");
    }

    @Test
    void rejectsMonitors() throws Exception {
        LossRejectedException e = rejection("""
                public NDArray compute(PreferenceBatch b) {
                    synchronized (b) {
                        return b.policyChosenLogps();
                    }
                }""");
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.reason()).contains("synchronized");
    }

    @Test
    void rejectsADeniedOverloadThatTheSourceCheckCannotTellApart() throws Exception {
        // create(double) is fine, create(Shape) allocates whatever size the loss asks for
        LossRejectedException e = rejection("""
                public NDArray compute(PreferenceBatch b) {
                    NDArray big = b.manager().create(new ai.djl.ndarray.types.Shape(1000, 1000));
                    return b.policyChosenLogps().add(big.sum());
                }""");
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.reason()).contains("NDManager.create with a Shape");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.column()).isEqualTo(31); // "create" in "    NDArray big = b.manager().create(..."
    }

    @Test
    void rejectsRecursionThroughACastOrTheInterface() throws Exception {
        LossRejectedException cast = rejection("""
                public NDArray compute(PreferenceBatch b) {
                    return ((Probe) this).helper(b.policyChosenLogps());
                }
                NDArray helper(NDArray x) {
                    return ((Probe) this).helper(x.mul(0.5));
                }""");
        assertThat(cast.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(cast.reason()).contains("recursion is not allowed: helper calls helper");
        assertThat(cast.line()).isEqualTo(8);

        LossRejectedException viaInterface = rejection("""
                public NDArray compute(PreferenceBatch b) {
                    PreferenceLoss self = this;
                    return self.compute(b);
                }""");
        assertThat(viaInterface.reason()).contains("recursion is not allowed: compute calls compute");
        assertThat(viaInterface.line()).isEqualTo(6);
    }

    @Test
    void rejectsNewOfTheLossClass() throws Exception {
        LossRejectedException e = rejection("""
                public NDArray compute(PreferenceBatch b) {
                    return b.policyChosenLogps().add(new Probe().hashCode());
                }""");
        assertThat(e.reason()).contains("must not create instances of its own class");
        assertThat(e.line()).isEqualTo(5);
    }

    @Test
    void rejectsAllocationsOfAChosenSizeOnAllowedJavaTypes() throws Exception {
        LossRejectedException list = rejection("""
                public NDArray compute(PreferenceBatch b) {
                    ai.djl.ndarray.NDList parts = new ai.djl.ndarray.NDList(1 << 28);
                    return b.policyChosenLogps();
                }""");
        assertThat(list.reason()).contains("new NDList(capacity)");
        LossRejectedException format = rejection("""
                public NDArray compute(PreferenceBatch b) {
                    String wide = String.format("%1000000000d", 1);
                    return b.policyChosenLogps();
                }""");
        assertThat(format.reason()).contains("String.format is not allowed");
    }

    @Test
    void rejectsInvokedynamic() throws Exception {
        // javac compiles string concatenation to invokedynamic (Janino uses StringBuilder)
        LossRejectedException e = rejection("""
                public NDArray compute(PreferenceBatch b) {
                    String label = "size " + b.size();
                    return b.policyChosenLogps();
                }""");
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.reason()).contains("invokedynamic");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "NDArray x = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(b.policyChosenLogps(), "
                + "b.policyChosenLogps())); | NDArrays.concat is not allowed",
        "NDArray x = b.policyChosenLogps().reshape(-1, 1); | NDArray.reshape is not allowed",
        "NDArray x = b.policyChosenLogps().get(\":, null\"); | NDArray.get with a String index",
        "NDArray x = b.policyChosenLogps().get(new ai.djl.ndarray.index.NDIndex(\"null\")); | new NDIndex with a "
                + "String index",
        "NDArray x = b.manager().create(new double[][] {{1}, {2}}); | NDManager.create with a Java array",
        "NDArray x = b.manager().create(new float[] {1f}); | NDManager.create with a Java array",
        "ai.djl.ndarray.types.Shape s = b.policyChosenLogps().getShape().addAll(new ai.djl.ndarray.types.Shape(2)); "
                + "NDArray x = null; | Shape.addAll grows a Java object",
        "ai.djl.ndarray.NDList l = b.policyChosenLogps().split(1); l.addAll(l); NDArray x = null; | NDList.addAll",
        "NDArray x = b.policyChosenLogps().get(new ai.djl.ndarray.index.NDIndex().addAllDim(1 << 30)); | "
                + "NDIndex.addAllDim(count)",
        "int n = \"a\".replace(\"a\", \"aa\").length(); NDArray x = null; | String.replace is not allowed",
        "StringBuilder sb = new StringBuilder(Integer.MAX_VALUE - 16); NDArray x = null; | StringBuilder capacities",
        "StringBuilder sb = new StringBuilder(); sb.append(sb); NDArray x = null; | StringBuilder.append is not allowed",
        "int n = new IllegalStateException().getMessage().length(); NDArray x = null; | "
                + "IllegalStateException.getMessage is not allowed"
    })
    void rejectsGrowthThatTheSourceCheckNeverSaw(String statement, String reason) throws Exception {
        LossRejectedException e = rejection("public NDArray compute(PreferenceBatch b) {\n" + statement
                + "\nreturn x;\n}");
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.reason()).contains(reason);
        assertThat(e.line()).isEqualTo(5);
    }

    /** level_k calls level_(k-1) twice, level1 makes one call: level_k runs 2^(k-1) operations. */
    private static String fanOut(int levels) {
        StringBuilder body = new StringBuilder("""
                public NDArray compute(PreferenceBatch b) {
                    return level%d(b.policyChosenLogps());
                }
                static NDArray level1(NDArray x) {
                    return x.neg();
                }
                """.formatted(levels));
        for (int k = 2; k <= levels; k++) {
            body.append("static NDArray level%d(NDArray x) {\n    return level%d(level%d(x));\n}\n"
                    .formatted(k, k - 1, k - 1));
        }
        return body.toString();
    }

    @Test
    void boundsTheOperationsOfNestedHelperCalls() throws Exception {
        // compute: policyChosenLogps (1) + level11 (2^10) = 1025 operations; the constructor 1
        String source = HEADER + "\n" + fanOut(11) + "}\n";
        ClassFile cf = ClassFile.parse(JAVAC.compile("Probe", source).get("Probe"));
        assertThat(BytecodeChecker.operations(cf, Set.of("Probe")))
                .containsEntry("compute(Ldev/lossforge/loss/PreferenceBatch;)Lai/djl/ndarray/NDArray;", 1025L)
                .containsEntry("level1(Lai/djl/ndarray/NDArray;)Lai/djl/ndarray/NDArray;", 1L)
                .containsEntry("level11(Lai/djl/ndarray/NDArray;)Lai/djl/ndarray/NDArray;", 1024L)
                .containsEntry("<init>()V", 1L);
        assertThat(rejection(fanOut(11))).isNull();

        // one level more: 1 + 2^11 = 2049 > 2000
        LossRejectedException e = rejection(fanOut(12));
        assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN);
        assertThat(e.reason()).contains("the loss runs 2049 operations (calls and allocations) in one call of "
                + "compute", "compute calls level12 once, level12 calls level11 2 times", "at most 2000");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.column()).isEqualTo(12); // "level12" in "    return level12(b.policyChosenLogps());"
    }

    @Test
    void countsPrimitiveArraysAndAllocationsAsOperations() throws Exception {
        String source = HEADER + """

                public NDArray compute(PreferenceBatch b) {
                    double[] weights = new double[4];
                    NDArray[] parts = new NDArray[2];
                    return b.policyChosenLogps();
                }
                }
                """;
        ClassFile cf = ClassFile.parse(JAVAC.compile("Probe", source).get("Probe"));
        // newarray, anewarray and the call of policyChosenLogps
        assertThat(BytecodeChecker.operations(cf, Set.of("Probe")))
                .containsEntry("compute(Ldev/lossforge/loss/PreferenceBatch;)Lai/djl/ndarray/NDArray;", 3L);
    }

    @Test
    void readsDescriptorClasses() {
        assertThat(BytecodeChecker.descriptorClasses("(Lai/djl/ndarray/NDArray;[Ljava/lang/String;D)Ljava/io/File;"))
                .containsExactly("ai/djl/ndarray/NDArray", "java/lang/String", "java/io/File");
    }
}
