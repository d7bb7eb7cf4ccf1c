package dev.lossforge.cli;

import dev.lossforge.export.CandidateInfo;
import dev.lossforge.export.ExportedLoss;
import dev.lossforge.export.LossJarWriter;
import dev.lossforge.loss.BuiltinLosses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@code --loss export.jar[#NAME]} in the loss commands. */
class ExportedJarArgumentTest {

    @TempDir
    static Path dir;
    static Path oneLoss;
    static Path twoLosses;
    static ExportedLoss lrml;
    static ExportedLoss rewardMargin;

    static final String REWARD_MARGIN = """
            import ai.djl.ndarray.NDArray;
            import dev.lossforge.loss.*;

            public class RewardMargin implements PreferenceLoss {
                public NDArray compute(PreferenceBatch batch) {
                    if (!batch.hasRewards()) {
                        throw new MissingInputException("needs reward scores");
                    }
                    NDArray target = batch.rewardChosen().sub(batch.rewardRejected());
                    return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(batch.beta()).sub(target)).neg();
                }
            }
            """;

    @BeforeAll
    static void export() throws Exception {
        LossJarWriter writer = new LossJarWriter();
        lrml = writer.compile(BuiltinLosses.get("lrml").source(), CandidateInfo.named("discopop"));
        rewardMargin = writer.compile(REWARD_MARGIN, CandidateInfo.named("reward margin"));
        Instant at = Instant.parse("2026-11-22T00:00:00Z");
        oneLoss = Files.write(dir.resolve("lrml.jar"), writer.toBytes(List.of(lrml), at));
        twoLosses = Files.write(dir.resolve("top2.jar"), writer.toBytes(List.of(lrml, rewardMargin), at));
    }

    @Test
    void aOneLossJarResolvesToItsRecompiledLoss() {
        LossArgument argument = LossArgument.resolve(oneLoss.toString());
        assertThat(argument.label()).isEqualTo(oneLoss.toString());
        assertThat(argument.builtin()).isNull();
        assertThat(argument.needsRewards()).isFalse();
        assertThat(argument.loss().getClass().getName()).isEqualTo(lrml.className());
    }

    @Test
    void aSelectorPicksOneLossOfSeveral() {
        LossArgument argument = LossArgument.resolve(twoLosses + "#reward margin");
        assertThat(argument.label()).isEqualTo(twoLosses + "#reward margin");
        assertThat(argument.loss().getClass().getName()).isEqualTo(rewardMargin.className());
        assertThat(argument.needsRewards()).isTrue();
    }

    @Test
    void severalLossesWithoutSelectorIsOneLineListingThem() {
        assertThatThrownBy(() -> LossArgument.resolve(twoLosses.toString()))
                .isInstanceOf(CliException.class)
                .hasMessage(twoLosses + " holds 2 losses; pick one with " + twoLosses
                        + "#NAME: 1. discopop (LrmlLoss), 2. reward margin (RewardMargin)");
        CliRun.of("loss-curve", "--loss", twoLosses.toString(), "--beta", "0.05")
                .assertOneLineError("holds 2 losses", "1. discopop (LrmlLoss)");
    }

    @Test
    void aMissingOrForeignJarIsOneLine() throws Exception {
        CliRun.of("loss-curve", "--loss", dir.resolve("nope.jar").toString(), "--beta", "0.05")
                .assertOneLineError("loss JAR not found: " + dir.resolve("nope.jar"));
        Path text = Files.writeString(dir.resolve("text.jar"), "not a zip");
        CliRun.of("loss-curve", "--loss", text.toString(), "--beta", "0.05")
                .assertOneLineError(text + " is not a JAR");
    }

    @Test
    void lossCurveOfTheExportedDiscoPopEqualsTheBuiltIn() {
        JsonMapper mapper = JsonMapper.builder().build();
        CliRun exported = CliRun.of("loss-curve", "--loss", oneLoss.toString(), "--beta", "0.05");
        assertThat(exported.exit()).as(exported.err()).isZero();
        JsonNode points = mapper.readTree(exported.out()).get("points");
        JsonNode builtin = mapper.readTree(CliRun.of("loss-curve", "--loss", "lrml", "--beta", "0.05").out())
                .get("points");
        assertThat(points.size()).isEqualTo(201);
        // LOSSES.md: f(Δ=0) = 0.846574 at β = 0.05
        assertThat(points.get(100).get("loss").asDouble()).isCloseTo(0.846574, within(5e-7));
        for (int i = 0; i < 201; i++) {
            assertThat(points.get(i).get("loss").asDouble()).isCloseTo(builtin.get(i).get("loss").asDouble(),
                    within(1e-12));
            assertThat(points.get(i).get("dLossDRho").asDouble())
                    .isCloseTo(builtin.get(i).get("dLossDRho").asDouble(), within(1e-12));
        }
    }
}
