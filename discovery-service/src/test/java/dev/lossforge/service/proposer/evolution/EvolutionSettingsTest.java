package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.BatchInput;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvolutionSettingsTest {

    @Test
    void emptySettingsAreTheDefaultsWithTheCampaignsSeedBetaAndTask() {
        EvolutionConfig config = EvolutionSettings.config(7, 0.05, EnumSet.of(BatchInput.REWARDS), Map.of());
        assertThat(config.seed()).isEqualTo(7);
        assertThat(config.beta()).isEqualTo(0.05);
        assertThat(config.capabilities()).containsExactly(BatchInput.REWARDS);
        assertThat(config.maxSize()).isEqualTo(32);
        assertThat(config.esProbability()).isEqualTo(0.2);
    }

    @Test
    void settingsOverrideTheDefaults() {
        EvolutionConfig config = EvolutionSettings.config(7, 0.1, EnumSet.noneOf(BatchInput.class), Map.of(
                "seeds", List.of("dpo", "cell"), "esProbability", 0.5, "esPairsPerRun", 4, "maxSize", 20,
                "tournamentSize", 5));
        assertThat(config.seedNames()).containsExactly("dpo", "cell");
        assertThat(config.esProbability()).isEqualTo(0.5);
        assertThat(config.esPairsPerRun()).isEqualTo(4);
        assertThat(config.maxSize()).isEqualTo(20);
        assertThat(config.tournamentSize()).isEqualTo(5);
    }

    @Test
    void badSettingsNameTheirKey() {
        assertThatThrownBy(() -> EvolutionSettings.config(1, 0.1, EnumSet.noneOf(BatchInput.class), Map.of("speed", 2)))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo("speed"))
                .hasMessageContaining("unknown setting");
        assertThatThrownBy(() -> EvolutionSettings.config(1, 0.1, EnumSet.noneOf(BatchInput.class), Map.of("seeds", List.of("orpo"))))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo("seeds"))
                .hasMessageContaining("'orpo'");
        assertThatThrownBy(() -> EvolutionSettings.config(1, 0.1, EnumSet.noneOf(BatchInput.class), Map.of("esProbability", 2)))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo("esProbability"));
        assertThatThrownBy(() -> EvolutionSettings.config(1, 0.1, EnumSet.noneOf(BatchInput.class), Map.of("maxSize", 7.5)))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo("maxSize"));
        assertThatThrownBy(() -> EvolutionSettings.config(1, 0.1, EnumSet.noneOf(BatchInput.class), Map.of("maxSize", "big")))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo("maxSize"));
    }
}
