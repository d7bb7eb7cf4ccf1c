package dev.lossforge.task.bandit;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.task.EvalPoint;
import dev.lossforge.task.InvalidTaskException;
import dev.lossforge.task.ResolvedTask;
import dev.lossforge.task.RunStatus;
import dev.lossforge.task.SeedResult;
import dev.lossforge.task.TaskConfig;
import dev.lossforge.task.TaskRegistry;
import dev.lossforge.task.TaskRun;
import dev.lossforge.train.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BanditTaskTest {

    /** CI size: fewer contexts and steps than the defaults (a benchmark runs those). */
    static final Map<String, String> SMALL = Map.of(
            "contexts", "96", "evalContexts", "128", "steps", "150", "evalEvery", "50");

    static final PreferenceLoss DPO = b -> Ops.logSigmoid(Ops.scale(Ops.logRatioDifference(b), b.beta())).neg();
    /** DPO with the sign flipped: it pushes the rejected response up and the chosen one down. */
    static final PreferenceLoss REVERSED = b -> Ops.logSigmoid(Ops.logRatioDifference(b).mul(b.beta()));

    static SeedResult run(String spec, PreferenceLoss loss, long seed, Map<String, String> overrides) {
        ResolvedTask task = TaskRegistry.resolve(spec, overrides);
        return task.task().run(new TaskRun(task.variant(), task.config(), loss, seed, TrainingListener.NONE, null));
    }

    @Test
    void dpoRaisesTheTrueRewardOverTheReferenceForEachDefaultSeed() {
        for (long seed : new long[] {42, 13, 3407}) {
            SeedResult result = run("bandit:clean", DPO, seed, SMALL);
            assertThat(result.status()).as("seed %d", seed).isEqualTo(RunStatus.COMPLETED);
            // the reference's shortfall from the best response is about 4 at these settings;
            // DPO should close a clear part of it
            assertThat(result.fitness()).as("seed %d", seed).isGreaterThan(1.0);
            assertThat(result.metrics().get("winRate")).isGreaterThan(0.6);
            assertThat(result.metrics().get("pairAccuracy")).isGreaterThan(0.6);
            assertThat(result.metrics().get("kl")).isPositive();
            assertThat(result.fitness()).isEqualTo(result.metrics().get("trueRewardGain"));

            // the policy starts as the reference: at step 0 nothing differs from it
            EvalPoint start = result.evaluations().get(0);
            assertThat(start.step()).isZero();
            assertThat(start.metrics().get("trueRewardGain")).isCloseTo(0, within(1e-9));
            assertThat(start.metrics().get("kl")).isCloseTo(0, within(1e-9));
            assertThat(start.metrics().get("winRate")).isCloseTo(0.5, within(1e-9));
            assertThat(start.metrics().get("pairAccuracy")).isEqualTo(0.5);
            // so is the first DPO loss -log sigma(0) = log 2
            assertThat(result.trainingCurve().get(0).loss()).isCloseTo(Math.log(2), within(1e-6));
            assertThat(result.evaluations()).extracting(EvalPoint::step).containsExactly(0, 50, 100, 150);
        }
    }

    @Test
    void aLossThatPushesTheRejectedResponseUpScoresBelowTheReference() {
        SeedResult result = run("bandit:clean", REVERSED, 42, SMALL);
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.fitness()).isLessThan(-0.5);
        assertThat(result.metrics().get("winRate")).isLessThan(0.5);
        assertThat(result.metrics().get("pairAccuracy")).isLessThan(0.5);
    }

    @Test
    void sameSeedSameResultToTheMillionth() {
        SeedResult a = run("bandit:noisy-20", DPO, 13, SMALL);
        SeedResult b = run("bandit:noisy-20", DPO, 13, SMALL);
        assertThat(b.metrics().keySet()).isEqualTo(a.metrics().keySet());
        a.metrics().forEach((name, value) ->
                assertThat(b.metrics().get(name)).as(name).isCloseTo(value, within(1e-6)));
        assertThat(b.trainingCurve()).hasSameSizeAs(a.trainingCurve());
        for (int i = 0; i < a.trainingCurve().size(); i++) {
            assertThat(b.trainingCurve().get(i).loss()).isCloseTo(a.trainingCurve().get(i).loss(), within(1e-6));
        }
    }

    @Test
    void theVariantsShapeTheLabelsAsDocumented() {
        // seed 7 with 1,000 contexts: the pairs and the Bradley-Terry draws are the same across
        // variants of one seed, only the flips differ, so the share of labels that differ from
        // the clean variant's is the flip rate (binomial sd 0.011 at n = 2,000)
        TaskConfig clean = TaskRegistry.resolve("bandit:clean", Map.of("contexts", "1000")).config();
        TaskConfig noisy = TaskRegistry.resolve("bandit:noisy-40", Map.of("contexts", "1000")).config();
        BanditWorld world = BanditWorld.generate(BanditSettings.from(clean), 7);
        double[] referenceLogits = new double[world.train.trueReward.length];
        BanditPairs cleanPairs = BanditPairs.sample(BanditSettings.from(clean), world, referenceLogits, 7);
        BanditPairs noisyPairs = BanditPairs.sample(BanditSettings.from(noisy), world, referenceLogits, 7);
        int flipped = 0;
        int agreeWithReward = 0;
        for (int i = 0; i < cleanPairs.size(); i++) {
            assertThat(noisyPairs.context[i]).isEqualTo(cleanPairs.context[i]);
            flipped += noisyPairs.chosen[i] != cleanPairs.chosen[i] ? 1 : 0;
            int base = cleanPairs.context[i] * world.responses;
            agreeWithReward += world.train.trueReward[base + cleanPairs.chosen[i]]
                    > world.train.trueReward[base + cleanPairs.rejected[i]] ? 1 : 0;
        }
        assertThat(flipped / (double) cleanPairs.size()).isCloseTo(0.4, within(0.04));
        // clean labels follow Bradley-Terry on r*: mostly, not always, the higher reward wins
        assertThat(agreeWithReward / (double) cleanPairs.size()).isBetween(0.7, 0.95);

        // soft labels are the Bradley-Terry probability of the labelled preference
        TaskConfig soft = TaskRegistry.resolve("bandit:soft-labels", Map.of("contexts", "1000")).config();
        BanditPairs softPairs = BanditPairs.sample(BanditSettings.from(soft), world, referenceLogits, 7);
        float[] labels = softPairs.pairData(new float[softPairs.size()], new float[softPairs.size()]).softLabel();
        for (int i = 0; i < softPairs.size(); i += 97) {
            int base = softPairs.context[i] * world.responses;
            double expected = 1 / (1 + Math.exp(-(world.train.trueReward[base + softPairs.chosen[i]]
                    - world.train.trueReward[base + softPairs.rejected[i]])));
            assertThat((double) labels[i]).isCloseTo(expected, within(1e-6));
        }
        assertThat(cleanPairs.pairData(new float[cleanPairs.size()], new float[cleanPairs.size()]).softLabel()).isNull();

        // mixed-quality draws half of its pairs from a near-expert policy: better responses
        TaskConfig mixed = TaskRegistry.resolve("bandit:mixed-quality", Map.of("contexts", "1000")).config();
        BanditPairs mixedPairs = BanditPairs.sample(BanditSettings.from(mixed), world, referenceLogits, 7);
        assertThat(meanChosenReward(mixedPairs, world)).isGreaterThan(meanChosenReward(cleanPairs, world) + 0.3);
    }

    private static double meanChosenReward(BanditPairs pairs, BanditWorld world) {
        double sum = 0;
        for (int i = 0; i < pairs.size(); i++) {
            sum += world.train.trueReward[pairs.context[i] * world.responses + pairs.chosen[i]];
        }
        return sum / pairs.size();
    }

    @Test
    void rewardModelScoresAreTheTrueRewardPlusNoise() {
        TaskConfig config = TaskRegistry.resolve("bandit:clean", Map.of("contexts", "1000")).config();
        BanditSettings settings = BanditSettings.from(config);
        BanditWorld world = BanditWorld.generate(settings, 3);
        BanditPairs pairs = BanditPairs.sample(settings, world, new double[world.train.trueReward.length], 3);
        float[] scores = pairs.pairData(new float[pairs.size()], new float[pairs.size()]).rewardChosen();
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < pairs.size(); i++) {
            double noise = scores[i] - world.train.trueReward[pairs.context[i] * world.responses + pairs.chosen[i]];
            sum += noise;
            sumSq += noise * noise;
        }
        double mean = sum / pairs.size();
        // 2,000 draws of N(0, 0.5^2): mean within 4 standard errors (0.011 each), sd near 0.5
        assertThat(mean).isCloseTo(0, within(0.045));
        assertThat(Math.sqrt(sumSq / pairs.size() - mean * mean)).isCloseTo(0.5, within(0.04));
    }

    @Test
    void differentSeedsDifferentDataSameSeedSameData() {
        BanditSettings settings = BanditSettings.from(TaskRegistry.resolve("bandit", Map.of()).config());
        BanditWorld a = BanditWorld.generate(settings, 42);
        BanditWorld b = BanditWorld.generate(settings, 42);
        BanditWorld c = BanditWorld.generate(settings, 13);
        assertThat(b.train.rows).containsExactly(a.train.rows);
        assertThat(b.eval.trueReward).containsExactly(a.eval.trueReward);
        assertThat(b.hiddenWeight).containsExactly(a.hiddenWeight);
        assertThat(c.train.rows).isNotEqualTo(a.train.rows);
        assertThat(c.eval.trueReward).isNotEqualTo(a.eval.trueReward);
        assertThat(c.hiddenWeight).isNotEqualTo(a.hiddenWeight);
        BanditPairs pairsA = BanditPairs.sample(settings, a, new double[a.train.trueReward.length], 42);
        BanditPairs pairsC = BanditPairs.sample(settings, c, new double[c.train.trueReward.length], 13);
        assertThat(pairsC.chosen).isNotEqualTo(pairsA.chosen);
    }

    @Test
    void theTrueRewardOpposesTheReferenceAsConfigured() {
        // within contexts, r* correlates with the reference's quality logit at -antiCorrelation
        // (exactly on the training contexts, by construction)
        for (double rho : new double[] {0.5, 0.8}) {
            BanditSettings s = BanditSettings.from(TaskRegistry.resolve("bandit",
                    Map.of("antiCorrelation", Double.toString(rho), "lengthBias", "0")).config());
            BanditWorld world = BanditWorld.generate(s, 5);
            double[] quality = new double[world.train.trueReward.length];
            BanditWorld.TanhNet reference = referenceNet(world);
            double[] f = reference.apply(world.train.rows, world.inputDim);
            System.arraycopy(f, 0, quality, 0, f.length);
            double corr = BanditWorld.withinContextCovariance(quality, world.train.trueReward, world.responses)
                    / Math.sqrt(BanditWorld.withinContextCovariance(quality, quality, world.responses)
                    * BanditWorld.withinContextCovariance(world.train.trueReward, world.train.trueReward, world.responses));
            assertThat(corr).isCloseTo(-rho, within(1e-3));
            // and r* has the configured spread within a context
            assertThat(BanditWorld.withinContextSpread(world.train.trueReward, world.responses)).isCloseTo(2.0, within(1e-6));
        }
    }

    /** The reference's MLP as plain doubles, from the weights the world hands to the network. */
    private static BanditWorld.TanhNet referenceNet(BanditWorld world) {
        BanditWorld.TanhNet net = BanditWorld.TanhNet.of(world.inputDim, world.hiddenUnits,
                world.hiddenWeight, world.hiddenBias, world.outputWeight);
        return net;
    }

    @Test
    void settingsAreCheckedAndNamed() {
        assertThatThrownBy(() -> TaskRegistry.resolve("bandit:clean", Map.of("flipRate", "1.5")))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessage("setting 'flipRate' must be between 0 and 1, got 1.5")
                .extracting(e -> ((InvalidTaskException) e).field()).isEqualTo("taskConfig.flipRate");
        assertThatThrownBy(() -> TaskRegistry.resolve("bandit:clean", Map.of("stepz", "3")))
                .isInstanceOf(InvalidTaskException.class).hasMessageStartingWith("unknown setting 'stepz'");
        assertThatThrownBy(() -> TaskRegistry.resolve("bandit:noisy-50", Map.of()))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("no variant 'noisy-50'");
        assertThatThrownBy(() -> TaskRegistry.resolve("bandit", Map.of("responses", "1")))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("'responses' must be between 2");
        ResolvedTask noisy = TaskRegistry.resolve("bandit:noisy-40", Map.of("beta", "0.2"));
        assertThat(noisy.config().getDouble("flipRate")).isEqualTo(0.4);
        assertThat(noisy.config().getDouble("beta")).isEqualTo(0.2);
    }

    @Test
    void aLossThatNeedsSoftLabelsFailsWhereThereAreNone() {
        PreferenceLoss needsSoft = b -> {
            NDArray p = b.softLabel();
            return Ops.softplus(Ops.logRatioDifference(b).mul(b.beta()).neg()).mul(p);
        };
        SeedResult result = run("bandit:clean", needsSoft, 42, Map.of("contexts", "16", "evalContexts", "16", "steps", "3"));
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.fitness()).isNaN();
        assertThat(result.message()).startsWith("the loss threw NullPointerException");
        SeedResult withSoft = run("bandit:soft-labels", needsSoft, 42, Map.of("contexts", "16", "evalContexts", "16", "steps", "3"));
        assertThat(withSoft.status()).isEqualTo(RunStatus.COMPLETED);
    }
}
