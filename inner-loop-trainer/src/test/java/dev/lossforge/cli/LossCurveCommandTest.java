package dev.lossforge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LossCurveCommandTest {

    private static JsonNode json(CliRun run) {
        assertThat(run.exit()).as(run.err()).isZero();
        return JsonMapper.builder().build().readTree(run.out());
    }

    @Test
    void dpoCurveMatchesSoftplusAndItsSlope() {
        JsonNode doc = json(CliRun.of("loss-curve", "--loss", "dpo", "--beta", "0.1"));
        assertThat(doc.get("loss").asString()).isEqualTo("dpo");
        assertThat(doc.get("beta").asDouble()).isEqualTo(0.1);
        JsonNode points = doc.get("points");
        assertThat(points.size()).isEqualTo(201);
        for (int i = 0; i < 201; i++) {
            JsonNode p = points.get(i);
            double rho = (i - 100) / 10.0;
            double x = 0.1 * rho;
            assertThat(p.get("rho").asDouble()).isEqualTo(rho);
            assertThat(p.get("loss").asDouble()).isCloseTo(Math.log1p(Math.exp(-x)), within(1e-12));
            assertThat(p.get("dLossDRho").asDouble()).isCloseTo(-0.1 / (1 + Math.exp(x)), within(1e-12));
        }
    }

    @Test
    void hingeCurveHasItsKinkAtOneOverBeta() {
        JsonNode points = json(CliRun.of("loss-curve", "--loss", "hinge", "--beta", "0.5")).get("points");
        // max(0, 1 − ρ/2): 6 at ρ = −10, 1 at 0, 0 from ρ = 2 on; slope −0.5 then 0
        assertThat(points.get(0).get("loss").asDouble()).isCloseTo(6.0, within(1e-12));
        assertThat(points.get(100).get("loss").asDouble()).isCloseTo(1.0, within(1e-12));
        assertThat(points.get(130).get("loss").asDouble()).isCloseTo(0.0, within(1e-12));
        assertThat(points.get(50).get("dLossDRho").asDouble()).isCloseTo(-0.5, within(1e-12));
        assertThat(points.get(150).get("dLossDRho").asDouble()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void lrmlCurvePassesItsCheckPoint() {
        JsonNode points = json(CliRun.of("loss-curve", "--loss", "lrml", "--beta", "0.05")).get("points");
        assertThat(points.get(100).get("loss").asDouble()).isCloseTo(0.846574, within(5e-7));
    }

    @Test
    void anOverflowingLossIsWrittenAsInfinityNotAsABrokenNumber() {
        // cell at β = 100, ρ = −10: x = −1000 and e^1000 overflows
        JsonNode first = json(CliRun.of("loss-curve", "--loss", "cell", "--beta", "100")).get("points").get(0);
        assertThat(first.get("loss").asString()).isEqualTo("Infinity");
        assertThat(first.get("dLossDRho").asString()).isEqualTo("-Infinity");
    }

    @Test
    void aLossThatNeedsRewardsIsAOneLineError() {
        CliRun.of("loss-curve", "--loss", "ddo-rm", "--beta", "0.1")
                .assertOneLineError("ddo-rm needs reward-model scores", "loss-curve has no reward scores");
    }

    @Test
    void anUnknownLossListsTheBuiltins() {
        CliRun.of("loss-curve", "--loss", "dpoo", "--beta", "0.1")
                .assertOneLineError("unknown loss 'dpoo'", "dpo, robust-dpo", "FILE.java");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1", "NaN", "Infinity", "1e400"})
    void aBadBetaIsAOneLineErrorNamingIt(String beta) {
        CliRun.of("loss-curve", "--loss", "dpo", "--beta", beta).assertOneLineError("--beta", beta);
    }

    @Test
    void missingOptionsAreNamed() {
        CliRun.of("loss-curve", "--loss", "dpo").assertOneLineError("missing option --beta");
        CliRun.of("loss-curve", "--beta", "0.1").assertOneLineError("missing option --loss");
        CliRun.of("loss-curve", "--loss", "dpo", "--beta", "0.1", "--input", "x.json")
                .assertOneLineError("unknown option --input");
    }

    @Test
    void aMissingLossFileIsAOneLineError(@TempDir Path dir) {
        CliRun.of("loss-curve", "--loss", dir.resolve("Nope.java").toString(), "--beta", "0.1")
                .assertOneLineError("loss file not found", "Nope.java");
    }

    @Test
    void aLossFileIsCompiledAndValidatedInTheSandbox(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("HalfDpo.java"), """
                import ai.djl.ndarray.NDArray;
                import dev.lossforge.loss.*;

                public class HalfDpo implements PreferenceLoss {
                    static final double HALF = 0.5;

                    public NDArray compute(PreferenceBatch batch) {
                        return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(batch.beta() * HALF)).neg();
                    }
                }
                """);
        JsonNode doc = json(CliRun.of("loss-curve", "--loss", file.toString(), "--beta", "0.2"));

        assertThat(doc.get("loss").asString()).isEqualTo(file.toString());
        JsonNode points = doc.get("points");
        for (int i : new int[] {0, 37, 100, 163, 200}) {
            double x = 0.1 * ((i - 100) / 10.0); // beta * HALF * rho
            assertThat(points.get(i).get("loss").asDouble()).isCloseTo(Math.log1p(Math.exp(-x)), within(1e-12));
            assertThat(points.get(i).get("dLossDRho").asDouble()).isCloseTo(-0.1 / (1 + Math.exp(x)), within(1e-12));
        }
    }

    @Test
    void aRejectedLossFileIsAOneLineErrorWithLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Exit.java"), """
                import ai.djl.ndarray.NDArray;
                import dev.lossforge.loss.*;

                public class Exit implements PreferenceLoss {
                    public NDArray compute(PreferenceBatch batch) {
                        System.exit(0);
                        return batch.policyChosenLogps();
                    }
                }
                """);
        CliRun.of("loss-curve", "--loss", file.toString(), "--beta", "0.1")
                .assertOneLineError("Exit.java rejected (forbidden): line 6, column 9: System is not allowed");
    }

    @Test
    void aLossFileThatNeedsRewardsCannotBeCurved(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Rewarded.java"), """
                import ai.djl.ndarray.NDArray;
                import dev.lossforge.loss.*;

                public class Rewarded implements PreferenceLoss {
                    public NDArray compute(PreferenceBatch batch) {
                        if (!batch.hasRewards()) {
                            throw new MissingInputException("Rewarded needs reward scores");
                        }
                        return Ops.logSigmoid(Ops.logRatioDifference(batch).sub(batch.rewardChosen())).neg();
                    }
                }
                """);
        CliRun.of("loss-curve", "--loss", file.toString(), "--beta", "0.1")
                .assertOneLineError("Rewarded.java needs reward-model scores");
    }
}
