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

    @Test
    void readsDescriptorClasses() {
        assertThat(BytecodeChecker.descriptorClasses("(Lai/djl/ndarray/NDArray;[Ljava/lang/String;D)Ljava/io/File;"))
                .containsExactly("ai/djl/ndarray/NDArray", "java/lang/String", "java/io/File");
    }
}
