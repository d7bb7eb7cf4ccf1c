package dev.lossforge.loss;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuiltinLossesTest {

    private static final List<String> LOSSES_MD = List.of("dpo", "robust-dpo", "cdpo", "ipo", "hinge", "exo", "nca",
            "bco", "sppo-hard", "apo-zero", "apo-down", "cal-dpo", "rpo", "gpo", "simpo", "cpo", "orpo", "ddo-rm",
            "lrml", "cell", "padll", "pfl", "aql", "aqfl", "dbaql");

    @Test
    void holdsExactlyTheLossesOfLossesMdInItsOrder() {
        assertThat(BuiltinLosses.names()).containsExactlyElementsOf(LOSSES_MD);
        assertThat(BuiltinLosses.all()).extracting(BuiltinLoss::name).containsExactlyElementsOf(LOSSES_MD);
    }

    @Test
    void eachEntryIsAPublicFinalClassOfTheBuiltinPackageWithAOneLineSummaryAndAPaper() {
        for (BuiltinLoss loss : BuiltinLosses.all()) {
            assertThat(loss.type().getPackageName()).isEqualTo("dev.lossforge.loss.builtin");
            assertThat(java.lang.reflect.Modifier.isFinal(loss.type().getModifiers())).as(loss.name()).isTrue();
            assertThat(loss.newInstance()).isInstanceOf(loss.type());
            assertThat(loss.summary()).as(loss.name()).isNotBlank().doesNotContain("\n");
            assertThat(loss.paper()).as(loss.name()).matches(".*\\b(19|20)\\d\\d\\b.*");
            assertThat(BuiltinLosses.get(loss.name())).isSameAs(loss);
        }
        assertThat(BuiltinLosses.all()).extracting(BuiltinLoss::type).doesNotHaveDuplicates();
    }

    @Test
    void flagsTheReferenceFreeTheBatchStatisticsAndTheRewardLosses() {
        assertThat(names(BuiltinLoss::referenceFree)).containsExactlyInAnyOrder("simpo", "cpo", "orpo", "ddo-rm");
        assertThat(names(BuiltinLoss::batchStatistics)).containsExactlyInAnyOrder("aql", "aqfl", "dbaql");
        assertThat(names(BuiltinLoss::needsRewards)).containsExactly("ddo-rm");
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> BuiltinLosses.get("dpoo"))
                .isInstanceOf(UnknownLossException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown loss 'dpoo'")
                .hasMessageContaining("dpo, robust-dpo, cdpo")
                .hasMessageContaining("dbaql");
    }

    @Test
    void eachSourceIsPackagedAndDeclaresItsClass() {
        for (BuiltinLoss loss : BuiltinLosses.all()) {
            assertThat(loss.sourceResource()).isEqualTo("lossforge/builtin-sources/" + loss.type().getSimpleName() + ".java");
            String source = loss.source();
            assertThat(source).as(loss.name())
                    .contains("package dev.lossforge.loss.builtin;")
                    .contains("public final class " + loss.type().getSimpleName() + " implements PreferenceLoss")
                    .contains("arXiv");
        }
    }

    private static Set<String> names(java.util.function.Predicate<BuiltinLoss> flag) {
        return BuiltinLosses.all().stream().filter(flag).map(BuiltinLoss::name).collect(Collectors.toSet());
    }
}
