package dev.lossforge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EvaluateCommandTest {

    /** A few seconds in all: small data, few steps. */
    private static final String[] TINY = {
            "--set", "contexts=48", "--set", "evalContexts=64", "--set", "steps=40", "--set", "evalEvery=20"};

    private static String[] args(String... first) {
        String[] all = new String[first.length + TINY.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(TINY, 0, all, first.length, TINY.length);
        return all;
    }

    private static JsonNode json(CliRun run) {
        assertThat(run.exit()).as(run.err()).isZero();
        return JsonMapper.builder().build().readTree(run.out());
    }

    @Test
    void printsOneDocumentWithSeedsAggregatesAndCurves(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report.json");
        CliRun run = CliRun.of(args("evaluate", "--task", "bandit:noisy-20", "--loss", "dpo", "--seeds", "42,13",
                "--json", out.toString()));
        JsonNode doc = json(run);

        assertThat(doc.get("task").asString()).isEqualTo("bandit");
        assertThat(doc.get("variant").asString()).isEqualTo("noisy-20");
        assertThat(doc.get("loss").asString()).isEqualTo("dpo");
        assertThat(doc.get("primaryMetric").asString()).isEqualTo("trueRewardGain");
        // the resolved configuration: the variant's default and the overrides
        assertThat(doc.get("config").get("flipRate").asDouble()).isEqualTo(0.2);
        assertThat(doc.get("config").get("steps").asInt()).isEqualTo(40);
        assertThat(doc.get("config").get("beta").asDouble()).isEqualTo(0.1);

        JsonNode seeds = doc.get("seeds");
        assertThat(seeds.size()).isEqualTo(2);
        double[] fitness = new double[2];
        for (int i = 0; i < 2; i++) {
            JsonNode seed = seeds.get(i);
            assertThat(seed.get("seed").asLong()).isEqualTo(i == 0 ? 42 : 13);
            assertThat(seed.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(seed.has("message")).isFalse();
            fitness[i] = seed.get("fitness").asDouble();
            assertThat(fitness[i]).isEqualTo(seed.get("metrics").get("trueRewardGain").asDouble());
            assertThat(seed.get("wallSeconds").asDouble()).isPositive();
            assertThat(seed.get("evaluations").findValues("step")).extracting(JsonNode::asInt).containsExactly(0, 20, 40);
            assertThat(seed.get("trainingCurve").size()).isEqualTo(40);
            assertThat(seed.get("trainingCurve").get(0).get("loss").asDouble()).isCloseTo(Math.log(2), within(1e-6));
        }
        // aggregates worked out here: mean, and the 95% half-width t(0.975, 1) * sd / sqrt(2) = 12.7062 * |a - b| / 2
        JsonNode f = doc.get("fitness");
        assertThat(f.get("metric").asString()).isEqualTo("trueRewardGain");
        assertThat(f.get("n").asInt()).isEqualTo(2);
        assertThat(f.get("mean").asDouble()).isCloseTo((fitness[0] + fitness[1]) / 2, within(1e-12));
        assertThat(f.get("ci95").asDouble()).isCloseTo(12.7062 * Math.abs(fitness[0] - fitness[1]) / 2, within(1e-3));
        assertThat(doc.get("metrics").get("trueRewardGain").get("mean").asDouble()).isEqualTo(f.get("mean").asDouble());
        assertThat(doc.get("metrics").get("winRate").get("n").asInt()).isEqualTo(2);
        assertThat(doc.get("completedSeeds").asInt()).isEqualTo(2);

        // progress went to stderr, the same document to the file
        assertThat(run.err()).contains("seed 42: train step 40/40 loss").contains("seed 13: eval at step 20:")
                .contains("seed 13: COMPLETED, trueRewardGain = ");
        assertThat(JsonMapper.builder().build().readTree(Files.readString(out))).isEqualTo(doc);
    }

    @Test
    void defaultSeedsAndALossFromAFile(@TempDir Path dir) throws Exception {
        // logSigmoid(beta rho) without the minus: pushes the rejected response up
        Path file = Files.writeString(dir.resolve("Backwards.java"), """
                import ai.djl.ndarray.NDArray;
                import dev.lossforge.loss.*;

                public class Backwards implements PreferenceLoss {
                    public NDArray compute(PreferenceBatch batch) {
                        return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(batch.beta()));
                    }
                }
                """);
        JsonNode doc = json(CliRun.of(args("evaluate", "--task", "bandit", "--loss", file.toString())));
        assertThat(doc.get("variant").asString()).isEqualTo("clean");
        assertThat(doc.get("seeds").findValues("seed")).extracting(JsonNode::asLong).containsExactly(42L, 13L, 3407L);
        for (JsonNode seed : doc.get("seeds")) {
            assertThat(seed.get("fitness").asDouble()).as("seed %s", seed.get("seed")).isNegative();
        }
    }

    @Test
    void aDivergingLossIsReportedPerSeedNotAsACrash(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Blowup.java"), """
                import ai.djl.ndarray.NDArray;
                import dev.lossforge.loss.*;

                public class Blowup implements PreferenceLoss {
                    public NDArray compute(PreferenceBatch batch) {
                        // rho = 0 at the start, and 0 * log|0| is NaN
                        NDArray rho = Ops.logRatioDifference(batch);
                        return rho.abs().log().mul(rho).add(Ops.logSigmoid(rho.mul(batch.beta())).neg());
                    }
                }
                """);
        CliRun run = CliRun.of(args("evaluate", "--task", "bandit", "--loss", file.toString(), "--seeds", "7"));
        JsonNode doc = json(run);
        JsonNode seed = doc.get("seeds").get(0);
        assertThat(seed.get("status").asString()).isEqualTo("DIVERGED");
        assertThat(seed.get("message").asString()).contains("NaN at step 1");
        assertThat(seed.get("fitness").asString()).isEqualTo("NaN");
        assertThat(doc.get("completedSeeds").asInt()).isZero();
        assertThat(doc.get("fitness").get("mean").asString()).isEqualTo("NaN");
    }

    @Test
    void aTimeLimitEndsTheRunAsTimeout() {
        JsonNode doc = json(CliRun.of(args("evaluate", "--task", "bandit", "--loss", "dpo", "--seeds", "5",
                "--set", "timeoutSeconds=0.000001")));
        JsonNode seed = doc.get("seeds").get(0);
        assertThat(seed.get("status").asString()).isEqualTo("TIMEOUT");
        assertThat(seed.get("message").asString()).contains("before step 1 of 40");
        assertThat(seed.get("evaluations").size()).isEqualTo(1);
    }

    @Test
    void badArgumentsAreOneLineErrors(@TempDir Path dir) {
        CliRun.of("evaluate", "--task", "nope", "--loss", "dpo").assertOneLineError("unknown task 'nope'", "bandit");
        CliRun.of("evaluate", "--task", "bandit:noisy-50", "--loss", "dpo")
                .assertOneLineError("no variant 'noisy-50'", "noisy-40");
        CliRun.of("evaluate", "--task", "bandit", "--loss", "dpo", "--set", "stepz=3")
                .assertOneLineError("unknown setting 'stepz'");
        CliRun.of("evaluate", "--task", "bandit", "--loss", "dpo", "--set", "steps=many")
                .assertOneLineError("setting 'steps' must be a whole number, got 'many'");
        CliRun.of("evaluate", "--task", "bandit", "--loss", "dpo", "--set", "flipRate=2")
                .assertOneLineError("setting 'flipRate' must be between 0 and 1, got 2");
        CliRun.of("evaluate", "--task", "bandit", "--loss", "dpo", "--set", "steps")
                .assertOneLineError("--set needs key=value, got 'steps'");
        CliRun.of("evaluate", "--task", "bandit", "--loss", "dpoo").assertOneLineError("unknown loss 'dpoo'");
        CliRun.of("evaluate", "--task", "bandit", "--loss", dir.resolve("Missing.java").toString())
                .assertOneLineError("loss file not found", "Missing.java");
        CliRun.of("evaluate", "--task", "bandit", "--loss", "dpo", "--seeds", "42,x")
                .assertOneLineError("--seeds must be comma-separated whole numbers, got '42,x'");
        CliRun.of("evaluate", "--task", "bandit", "--loss", "dpo", "--seeds", "42,42")
                .assertOneLineError("names a seed twice");
        CliRun.of("evaluate", "--loss", "dpo").assertOneLineError("missing option --task");
        CliRun.of("evaluate", "--task", "bandit", "--loss", "dpo", "--epochs", "3").assertOneLineError("unknown option --epochs");
        CliRun.of("evaluate", "--task", "bandit", "--loss", "dpo", "--json", dir.resolve("no/such/dir/x.json").toString())
                .assertOneLineError("directory", "does not exist");
    }
}
