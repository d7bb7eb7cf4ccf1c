package dev.lossforge.service.proposer.evolution;

import dev.lossforge.loss.BuiltinLosses;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TaskFitnessTest {

    /** A few seconds of training: enough to see the loss at work, far below the task's defaults. */
    static final Map<String, String> TINY = Map.of("contexts", "48", "evalContexts", "64", "steps", "40",
            "evalEvery", "0");

    @Test
    void aSeedTreeTrainsExactlyLikeItsBuiltinClassOnTheRealBandit() {
        TaskFitness fitness = new TaskFitness("bandit:noisy-40", TINY, List.of(42L));
        Node robust = SeedLibrary.tree("robust-dpo").orElseThrow();
        double tree = fitness.evaluate(robust).getAsDouble();
        double[] builtin = fitness.run(BuiltinLosses.get("robust-dpo").newInstance());
        // the rendered source went through the sandbox compiler; same seed, same data, same steps
        assertThat(tree).isCloseTo(builtin[0], within(1e-5));
        assertThat(fitness.perSeed(robust)).containsExactly(new double[] {tree}, within(0.0));
        assertThat(tree).isPositive();
        assertThat(fitness.rejected()).isZero();
        assertThat(fitness.incomplete()).isZero();
    }
}
