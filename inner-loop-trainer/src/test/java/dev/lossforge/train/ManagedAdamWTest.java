package dev.lossforge.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ManagedAdamWTest {

    @Test
    void takesTheSameStepsAsDjlsAdamW() {
        Random random = new Random(3);
        float[] start = new float[12];
        for (int i = 0; i < start.length; i++) {
            start[i] = (float) random.nextGaussian();
        }
        try (NDManager manager = NDManager.newBaseManager(); NDManager state = manager.newSubManager()) {
            NDArray ours = manager.create(start);
            NDArray djls = manager.create(start);
            Optimizer managed = new ManagedAdamW(state, 0.01f, 0.1f);
            Optimizer reference = Optimizer.adamW()
                    .optLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(0.01f))
                    .optWeightDecays(0.1f).build();
            for (int step = 0; step < 6; step++) {
                float[] g = new float[start.length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) random.nextGaussian();
                }
                managed.update("w", ours, manager.create(g));
                reference.update("w", djls, manager.create(g));
            }
            assertThat(ours.toFloatArray()).containsExactly(djls.toFloatArray());
            assertThat(ours.toFloatArray()).isNotEqualTo(start);
            // both moment estimates live on the manager the caller closes
            assertThat(state.getManagedArrays()).hasSize(2);
        }
    }
}
