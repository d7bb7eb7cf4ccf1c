package dev.lossforge.cli;

import dev.lossforge.loss.builtin.DdoRmLoss;
import dev.lossforge.loss.builtin.LrmlLoss;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LossArgumentTest {

    @Test
    void aBuiltinNameResolvesThroughTheRegistry() {
        LossArgument lrml = LossArgument.resolve("lrml");
        assertThat(lrml.label()).isEqualTo("lrml");
        assertThat(lrml.loss()).isInstanceOf(LrmlLoss.class);
        assertThat(lrml.builtin().name()).isEqualTo("lrml");
        assertThat(lrml.needsRewards()).isFalse();

        LossArgument ddoRm = LossArgument.resolve("ddo-rm");
        assertThat(ddoRm.loss()).isInstanceOf(DdoRmLoss.class);
        assertThat(ddoRm.needsRewards()).isTrue();
    }

    @Test
    void namesAreExact() {
        assertThatThrownBy(() -> LossArgument.resolve("DPO"))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("unknown loss 'DPO'");
    }

    @Test
    void aMissingJavaFileIsNamed() {
        assertThatThrownBy(() -> LossArgument.resolve("no/such/Loss.java"))
                .isInstanceOf(CliException.class)
                .hasMessage("loss file not found: no/such/Loss.java");
    }
}
