package dev.lossforge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LossEvalCommandTest {

    @TempDir
    Path dir;

    private static final String BATCH = """
            {
              "policyChosenLogps": [-1.0, -2.0, -4.5],
              "policyRejectedLogps": [-3.0, -1.0, -4.0],
              "referenceChosenLogps": [-2.0, -2.0, -5.0],
              "referenceRejectedLogps": [-2.0, -2.0, -3.0],
              "chosenLengths": [1, 2, 3],
              "rejectedLengths": [3, 4, 2],
              "softLabel": [0.9, 0.6, 0.8],
              "rewardChosen": [1.0, 0.0, 0.5],
              "rewardRejected": [0.0, 0.5, 0.5]
            }
            """;

    private Path file(String content) throws Exception {
        return Files.writeString(dir.resolve("batch.json"), content);
    }

    private static JsonNode json(CliRun run) {
        assertThat(run.exit()).as(run.err()).isZero();
        return JsonMapper.builder().build().readTree(run.out());
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    @Test
    void dpoLossesAndGradientsOfEachInput() throws Exception {
        JsonNode doc = json(CliRun.of("loss-eval", "--loss", "dpo", "--beta", "0.5", "--input", file(BATCH).toString()));
        assertThat(doc.get("pairs").asInt()).isEqualTo(3);
        // Δ = (a_w − r_w) − (a_l − r_l) = 1 − (−1), 0 − 1, 0.5 − (−1)
        double[] delta = {2.0, -1.0, 1.5};
        double[] losses = doubles(doc.get("losses"));
        JsonNode gradients = doc.get("gradients");
        double mean = 0;
        for (int i = 0; i < 3; i++) {
            double x = 0.5 * delta[i];
            double slope = -0.5 / (1 + Math.exp(x));
            assertThat(losses[i]).isCloseTo(Math.log1p(Math.exp(-x)), within(1e-12));
            assertThat(doubles(gradients.get("policyChosenLogps"))[i]).isCloseTo(slope, within(1e-12));
            assertThat(doubles(gradients.get("policyRejectedLogps"))[i]).isCloseTo(-slope, within(1e-12));
            assertThat(doubles(gradients.get("referenceChosenLogps"))[i]).isCloseTo(-slope, within(1e-12));
            assertThat(doubles(gradients.get("referenceRejectedLogps"))[i]).isCloseTo(slope, within(1e-12));
            mean += losses[i] / 3;
        }
        assertThat(doc.get("meanLoss").asDouble()).isCloseTo(mean, within(1e-12));
    }

    @Test
    void gpoUsesTheSoftLabelsAndDdoRmTheRewards() throws Exception {
        Path batch = file(BATCH);
        double[] gpo = doubles(json(CliRun.of("loss-eval", "--loss", "gpo", "--beta", "0.5", "--input",
                batch.toString())).get("losses"));
        // pair 1: p̂ = 0.6, so x = 0.5 · 0.2 · (−1) = −0.1
        assertThat(gpo[1]).isCloseTo(Math.log1p(Math.exp(0.1)), within(1e-12));

        double[] ddo = doubles(json(CliRun.of("loss-eval", "--loss", "ddo-rm", "--beta", "0.5", "--input",
                batch.toString())).get("losses"));
        // pair 0: s = (−1, −1), so p = (½, ½) and the loss is log 2 whatever q is
        assertThat(ddo[0]).isCloseTo(Math.log(2), within(1e-12));
        // pair 2: s = (−1.5, −2), d = 0.5; q_w = σ(0.5 + (0.5 − 0.5)) = σ(0.5)
        double qw = 1 / (1 + Math.exp(-0.5));
        double expected = qw * Math.log1p(Math.exp(-0.5)) + (1 - qw) * Math.log1p(Math.exp(0.5));
        assertThat(ddo[2]).isCloseTo(expected, within(1e-12));
    }

    @Test
    void ddoRmWithoutRewardsIsAOneLineError() throws Exception {
        String noRewards = BATCH.replace(",\n  \"rewardChosen\": [1.0, 0.0, 0.5],\n  \"rewardRejected\": [0.0, 0.5, 0.5]", "");
        assertThat(noRewards).doesNotContain("reward");
        Path batch = file(noRewards);
        CliRun.of("loss-eval", "--loss", "ddo-rm", "--beta", "0.1", "--input", batch.toString())
                .assertOneLineError("ddo-rm needs reward-model scores", "batch.json");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "missing array | \"policyChosenLogps\": [-1.0, -2.0, -4.5], | | missing array 'policyChosenLogps'",
            "unequal lengths | \"rejectedLengths\": [3, 4, 2] | \"rejectedLengths\": [3, 4] | 'rejectedLengths' has 2 values but 'policyChosenLogps' has 3",
            "not a number | [-3.0, -1.0, -4.0] | [-3.0, \"one\", -4.0] | 'policyRejectedLogps[1]' must be a number",
            "null element | [1, 2, 3] | [1, null, 3] | 'chosenLengths[1]' must be a number",
            "not an array | \"softLabel\": [0.9, 0.6, 0.8] | \"softLabel\": 0.9 | 'softLabel' must be an array",
            "unknown field | \"softLabel\" | \"softLabels\" | unknown field 'softLabels'",
            "zero length | [3, 4, 2] | [3, 0, 2] | 'rejectedLengths[1]' must be above 0",
            "soft label above one | [0.9, 0.6, 0.8] | [0.9, 1.6, 0.8] | 'softLabel[1]' must lie in [0, 1]",
            "bad syntax | \"chosenLengths\": [1, 2, 3], | \"chosenLengths\": [1, 2 3], | not valid JSON at line",
            "duplicate field | \"chosenLengths\": [1, 2, 3], | \"chosenLengths\": [1, 2, 3], \"chosenLengths\": [1, 2, 3], | Duplicate"})
    void badInputIsAOneLineErrorNamingTheField(String what, String find, String replace, String message)
            throws Exception {
        String content = BATCH.replace(find.strip(), replace == null ? "" : replace.strip());
        assertThat(content).as("the test edits the batch").isNotEqualTo(BATCH);
        Path batch = file(content);
        CliRun.of("loss-eval", "--loss", "dpo", "--beta", "0.1", "--input", batch.toString())
                .assertOneLineError(message.strip());
    }

    @Test
    void aRewardScoreWithoutItsPartnerIsNamed() throws Exception {
        String onlyChosen = BATCH.replace(",\n  \"rewardRejected\": [0.0, 0.5, 0.5]", "");
        assertThat(onlyChosen).doesNotContain("rewardRejected");
        Path batch = file(onlyChosen);
        CliRun.of("loss-eval", "--loss", "dpo", "--beta", "0.1", "--input", batch.toString())
                .assertOneLineError("'rewardChosen' needs 'rewardRejected'");
    }

    @Test
    void emptyArraysAndNonObjectsAreRejected() throws Exception {
        Path empty = file("""
                {"policyChosenLogps": [], "policyRejectedLogps": [], "referenceChosenLogps": [],
                 "referenceRejectedLogps": [], "chosenLengths": [], "rejectedLengths": []}
                """);
        CliRun.of("loss-eval", "--loss", "dpo", "--beta", "0.1", "--input", empty.toString())
                .assertOneLineError("'policyChosenLogps' is empty");
        Path array = file("[1, 2]");
        CliRun.of("loss-eval", "--loss", "dpo", "--beta", "0.1", "--input", array.toString())
                .assertOneLineError("must hold one JSON object", "not array");
        Path blank = file("  ");
        CliRun.of("loss-eval", "--loss", "dpo", "--beta", "0.1", "--input", blank.toString())
                .assertOneLineError("is empty");
    }

    @Test
    void aMissingInputFileOrOptionIsAOneLineError() {
        CliRun.of("loss-eval", "--loss", "dpo", "--beta", "0.1", "--input", dir.resolve("none.json").toString())
                .assertOneLineError("input file not found", "none.json");
        CliRun.of("loss-eval", "--loss", "dpo", "--beta", "0.1").assertOneLineError("missing option --input");
        CliRun.of("loss-eval", "--loss", "dpo", "--beta", "x", "--input", "b.json").assertOneLineError("--beta");
    }
}
