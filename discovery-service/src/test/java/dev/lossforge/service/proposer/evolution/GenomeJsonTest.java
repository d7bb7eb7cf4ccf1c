package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.BatchInput;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenomeJsonTest {

    @Test
    void everySeedAndRandomTreeSurvivesTheRoundTripExactly() {
        for (SeedLibrary.Seed seed : SeedLibrary.all()) {
            assertThat(GenomeJson.parse(GenomeJson.write(seed.tree()))).isEqualTo(seed.tree());
        }
        Variation variation = new Variation(EvolutionConfig.defaults(1).withCapabilities(EnumSet.allOf(BatchInput.class)));
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 200; i++) {
            Node tree = variation.randomTree(random, 6);
            assertThat(GenomeJson.parse(GenomeJson.write(tree))).isEqualTo(tree);
        }
    }

    @Test
    void theFormatIsTheDocumentedOne() {
        Node lrml = SeedLibrary.tree("lrml").orElseThrow();
        assertThat(GenomeJson.write(lrml)).isEqualTo("{\"op\":\"gate\",\"args\":[{\"input\":\"beta_rho\"},"
                + "{\"const\":\"TAU\",\"value\":0.05,\"kind\":\"positive\"},"
                + "{\"op\":\"exp\",\"args\":[{\"op\":\"neg\",\"args\":[{\"input\":\"beta_rho\"}]}]},"
                + "{\"op\":\"softplus\",\"args\":[{\"op\":\"neg\",\"args\":[{\"input\":\"beta_rho\"}]}]}]}");
        // kind defaults to real
        assertThat(GenomeJson.parse("{\"op\":\"mul\",\"args\":[{\"const\":\"K\",\"value\":2},{\"input\":\"rho\"}]}"))
                .isEqualTo(Build.mul(Build.c("K", 2), Build.in(Input.RHO)));
    }

    @Test
    void badGenomesNameThePathAtFault() {
        assertThatThrownBy(() -> GenomeJson.parse("{\"op\":\"softplus\",\"args\":[{\"input\":\"logits\"}]}"))
                .isInstanceOf(GenomeFormatException.class)
                .hasMessageStartingWith("$.args[0].input: unknown input 'logits'").hasMessageContaining("beta_rho");
        assertThatThrownBy(() -> GenomeJson.parse("{\"op\":\"cube\",\"args\":[{\"input\":\"rho\"}]}"))
                .hasMessageStartingWith("$.op: unknown operator 'cube'").hasMessageContaining("log_sigmoid");
        assertThatThrownBy(() -> GenomeJson.parse("{\"op\":\"add\",\"args\":[{\"input\":\"rho\"}]}"))
                .hasMessageStartingWith("$.args: add takes 2 arguments, got 1");
        assertThatThrownBy(() -> GenomeJson.parse("{\"op\":\"gate\",\"args\":[{\"input\":\"rho\"},"
                + "{\"const\":\"T\",\"value\":1},{\"input\":\"rho\"},{\"input\":\"rho\"}]}"))
                .hasMessageStartingWith("$.args[1]: the temperature of a gate must be a positive constant");
        assertThatThrownBy(() -> GenomeJson.parse("{\"const\":\"K\",\"value\":\"two\"}"))
                .hasMessageStartingWith("$.value:");
        assertThatThrownBy(() -> GenomeJson.parse("{\"const\":\"k\",\"value\":2}"))
                .hasMessageContaining("upper case");
        assertThatThrownBy(() -> GenomeJson.parse("[1, 2")).hasMessageStartingWith("$: not JSON");
        assertThatThrownBy(() -> GenomeJson.parse("{\"oops\":1}")).hasMessageStartingWith("$: expected");
    }

    @Test
    void refusesNestingDeeperThanAnyTreeInsteadOfOverflowingTheStack() {
        String deep = "{\"op\":\"neg\",\"args\":[".repeat(100) + "{\"input\":\"rho\"}" + "]}".repeat(100);
        assertThatThrownBy(() -> GenomeJson.parse(deep)).isInstanceOf(GenomeFormatException.class)
                .hasMessageContaining("nested more than 64 levels");
    }
}
