package dev.lossforge.task;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EvaluationTest {

    private static SeedResult completed(long seed, double gain, double kl) {
        return new SeedResult(seed, RunStatus.COMPLETED, null, gain, Map.of("trueRewardGain", gain, "kl", kl),
                List.of(), List.of(), 1.0);
    }

    @Test
    void aggregatesTheCompletedSeedsOnly() {
        ResolvedTask task = TaskRegistry.resolve("bandit:noisy-40", Map.of());
        SeedResult diverged = new SeedResult(13, RunStatus.DIVERGED, "the loss is NaN at step 3", Double.NaN,
                Map.of(), List.of(), List.of(), 0.2);
        EvaluationReport report = Evaluation.aggregate(task,
                List.of(completed(42, 1.0, 0.5), diverged, completed(3407, 3.0, 1.5)), 2.2);

        assertThat(report.task()).isEqualTo("bandit");
        assertThat(report.variant()).isEqualTo("noisy-40");
        assertThat(report.primaryMetric()).isEqualTo("trueRewardGain");
        assertThat(report.completedSeeds()).isEqualTo(2);
        assertThat(report.seeds()).hasSize(3);
        assertThat(report.fitnessBySeed()).containsExactly(1.0, Double.NaN, 3.0);
        // two values 1 and 3: mean 2, sd sqrt(2), half-width t(0.975, 1) * sqrt(2) / sqrt(2) = 12.706
        assertThat(report.fitness().n()).isEqualTo(2);
        assertThat(report.fitness().mean()).isEqualTo(2.0);
        assertThat(report.fitness().standardDeviation()).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(report.fitness().ciHalfWidth()).isCloseTo(12.7062, within(1e-3));
        assertThat(report.metrics().keySet()).containsExactly("trueRewardGain", "kl");
        assertThat(report.metrics().get("kl").mean()).isEqualTo(1.0);
        assertThat(report.config().get("flipRate")).isEqualTo(0.4);
    }

    @Test
    void noCompletedSeedGivesNanAggregates() {
        ResolvedTask task = TaskRegistry.resolve("bandit", Map.of());
        SeedResult failed = new SeedResult(42, RunStatus.FAILED, "the loss threw", Double.NaN, Map.of(), List.of(),
                List.of(), 0.1);
        EvaluationReport report = Evaluation.aggregate(task, List.of(failed), 0.1);
        assertThat(report.completedSeeds()).isZero();
        assertThat(report.fitness().mean()).isNaN();
        assertThat(report.metrics()).isEmpty();
    }

    @Test
    void refusesRepeatedOrMissingSeeds() {
        ResolvedTask task = TaskRegistry.resolve("bandit", Map.of());
        assertThatThrownBy(() -> Evaluation.run(task, b -> b.policyChosenLogps(), List.of(1L, 1L), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeat");
        assertThatThrownBy(() -> Evaluation.run(task, b -> b.policyChosenLogps(), List.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no seeds");
    }
}
