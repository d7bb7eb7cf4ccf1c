package dev.lossforge.cli;

import dev.lossforge.loss.builtin.DdoRmLoss;
import dev.lossforge.loss.builtin.LrmlLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

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

    @Test
    void aJavaFileIsValidatedInTheSandboxAndRemembersWhatItNeeds(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("RewardTarget.java"), """
                import ai.djl.ndarray.NDArray;
                import dev.lossforge.loss.*;

                public class RewardTarget implements PreferenceLoss {
                    public NDArray compute(PreferenceBatch batch) {
                        if (!batch.hasRewards()) {
                            throw new MissingInputException("needs reward scores");
                        }
                        NDArray target = batch.rewardChosen().sub(batch.rewardRejected());
                        return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(batch.beta()).sub(target)).neg();
                    }
                }
                """);
        LossArgument argument = LossArgument.resolve(file.toString());

        assertThat(argument.label()).isEqualTo(file.toString());
        assertThat(argument.builtin()).isNull();
        assertThat(argument.needsRewards()).isTrue();
        assertThat(argument.loss().getClass().getName()).isEqualTo("RewardTarget");
        assertThat(argument.loss().getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
    }

    @Test
    void aSyntaxErrorInAJavaFileNamesItsPosition(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Broken.java"), "public class Broken {\n    double x = ;\n}\n");
        // column 16 is the ';' where the initialiser should be
        assertThatThrownBy(() -> LossArgument.resolve(file.toString()))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith(file + " rejected (syntax): line 2, column 16: syntax error:");
    }
}
