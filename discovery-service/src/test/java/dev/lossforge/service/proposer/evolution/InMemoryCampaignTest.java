package dev.lossforge.service.proposer.evolution;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class InMemoryCampaignTest {

    @Test
    void evolutionImprovesOnEverySeedOfTheSyntheticNoisyBandit() {
        SyntheticBandit bandit = SyntheticBandit.noisy40(7);
        double bestSeed = Double.NEGATIVE_INFINITY;
        for (SeedLibrary.Seed seed : SeedLibrary.available(EvolutionConfig.defaults(1).capabilities())) {
            bestSeed = Math.max(bestSeed, bandit.evaluate(seed.tree()).orElse(Double.NEGATIVE_INFINITY));
        }
        InMemoryCampaign.Result run = new InMemoryCampaign(new EvolutionEngine(EvolutionConfig.defaults(42)), bandit, 4, 3)
                .run(List.of("dpo", "ipo", "hinge", "robust-dpo", "lrml"), 120);
        assertThat(run.exhausted()).isFalse();
        assertThat(run.proposals()).hasSize(120);
        CandidateRecord best = run.best();
        assertThat(best.fitness()).isGreaterThan(bestSeed + 0.02);
        assertThat(best.fitness()).isGreaterThan(run.fitnessOf("dpo"));
        assertThat(best.origin().operator()).isNotEqualTo(Operator.SEED);
        // best-so-far never falls and ends at the best
        List<Double> curve = run.bestSoFar();
        for (int i = 1; i < curve.size(); i++) {
            assertThat(curve.get(i)).isGreaterThanOrEqualTo(curve.get(i - 1));
        }
        assertThat(curve.get(curve.size() - 1)).isEqualTo(best.fitness());
    }

    @Test
    void baselinesComeFirstAndFailuresAreRecordedAsFailed() {
        FitnessFunction failsOnGates = tree -> Trees.preorder(tree).stream().anyMatch(n -> n instanceof GateNode)
                ? OptionalDouble.empty() : OptionalDouble.of(-tree.size());
        InMemoryCampaign.Result run = new InMemoryCampaign(new EvolutionEngine(EvolutionConfig.defaults(1)), failsOnGates, 2, 1)
                .run(List.of("dpo", "lrml"), 10);
        assertThat(run.history().get(0).genome()).isEqualTo(SeedLibrary.tree("dpo").orElseThrow());
        assertThat(run.history().get(0).fitness()).isEqualTo(-3.0);
        assertThat(run.history().get(1).status()).isEqualTo(CandidateRecord.Status.FAILED);
        assertThat(run.history()).hasSize(12);
        assertThat(run.fitnessOf("dpo")).isEqualTo(-3.0);
    }

    @Test
    void theSyntheticBanditRewardsLearningTheRightWay() {
        SyntheticBandit bandit = SyntheticBandit.noisy40(7);
        double dpo = bandit.evaluate(SeedLibrary.tree("dpo").orElseThrow()).getAsDouble();
        double backwards = bandit.evaluate(Build.softplus(Build.x())).getAsDouble();
        assertThat(dpo).isPositive();
        assertThat(backwards).isNegative();
        assertThat(bandit.evaluate(SeedLibrary.tree("dpo").orElseThrow()).getAsDouble()).isEqualTo(dpo);
        // a clean bandit (no flipped labels) is easier than the noisy one for the same loss
        SyntheticBandit clean = new SyntheticBandit(12, 6, 6, 0.0, 2, 100, 0.05, 0.1, 0.1, 7);
        assertThat(clean.evaluate(SeedLibrary.tree("dpo").orElseThrow()).getAsDouble()).isGreaterThan(dpo);
        assertThat(SyntheticBandit.softmax(new double[] {0, Math.log(3)})).containsExactly(new double[] {0.25, 0.75}, within(1e-12));
    }
}
