package dev.lossforge.service.candidate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CodeHashTest {

    private static final String DPO = """
            public class Dpo implements PreferenceLoss {
                // the logistic loss
                public NDArray compute(PreferenceBatch batch) {
                    return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(batch.beta())).neg();
                }
            }
            """;

    @Test
    void reindentedAndRecommentedCopiesHashAlike() {
        String other = "/* same loss */ public class Dpo implements PreferenceLoss { public NDArray compute("
                + "PreferenceBatch batch) {\n\treturn Ops.logSigmoid(Ops.logRatioDifference(batch).mul(batch.beta()))"
                + ".neg(); // done\n} }";
        assertThat(CodeHash.of(other)).isEqualTo(CodeHash.of(DPO));
        assertThat(CodeHash.normalise(DPO)).isEqualTo("public class Dpo implements PreferenceLoss { public NDArray "
                + "compute(PreferenceBatch batch) { return Ops.logSigmoid(Ops.logRatioDifference(batch).mul("
                + "batch.beta())).neg(); } }");
    }

    @Test
    void codeAndStringLiteralsStillCount() {
        assertThat(CodeHash.of(DPO.replace(".neg()", ".mul(2).neg()"))).isNotEqualTo(CodeHash.of(DPO));
        String a = "class A { static final String S = \"a  // b\"; }";
        String b = "class A { static final String S = \"a // b\"; }";
        assertThat(CodeHash.normalise(a)).isEqualTo(a);
        assertThat(CodeHash.of(a)).isNotEqualTo(CodeHash.of(b));
    }
}
