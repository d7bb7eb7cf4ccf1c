package dev.lossforge.cli;

import dev.lossforge.loss.BuiltinLosses;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LossesCommandTest {

    @Test
    void listsEveryBuiltinLossWithItsSummaryOnePerLine() {
        CliRun run = CliRun.of("losses");
        assertThat(run.exit()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(25);
        assertThat(lines.get(0)).startsWith("dpo ").contains("logistic loss");
        assertThat(lines).anyMatch(l -> l.startsWith("ddo-rm ") && l.contains("needs reward scores"));
        assertThat(lines.stream().map(l -> l.split("\\s+")[0]).toList()).containsExactlyElementsOf(BuiltinLosses.names());
    }

    @Test
    void jsonListsNamesPapersAndFlags() {
        CliRun run = CliRun.of("losses", "--json");
        assertThat(run.exit()).isZero();
        JsonNode losses = JsonMapper.builder().build().readTree(run.out());
        assertThat(losses.size()).isEqualTo(25);
        JsonNode dpo = losses.get(0);
        assertThat(dpo.get("name").asString()).isEqualTo("dpo");
        assertThat(dpo.get("paper").asString()).contains("Rafailov").contains("2305.18290");
        assertThat(dpo.get("class").asString()).isEqualTo("dev.lossforge.loss.builtin.DpoLoss");
        assertThat(dpo.get("referenceFree").asBoolean()).isFalse();
        JsonNode ddoRm = losses.get(17);
        assertThat(ddoRm.get("name").asString()).isEqualTo("ddo-rm");
        assertThat(ddoRm.get("needsRewards").asBoolean()).isTrue();
        assertThat(ddoRm.get("referenceFree").asBoolean()).isTrue();
        assertThat(losses.get(24).get("batchStatistics").asBoolean()).isTrue();
    }

    @Test
    void anUnknownOptionIsAOneLineError() {
        CliRun.of("losses", "--format", "text").assertOneLineError("unknown option --format");
    }

    @Test
    void theUsageTextNamesTheLossCommands() {
        CliRun run = CliRun.of("help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("losses").contains("loss-eval").contains("loss-curve");
    }
}
