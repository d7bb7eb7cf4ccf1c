package dev.lossforge.train;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GradModeTest {

    /** A thread other than the one that loaded the engine starts with libtorch's default: grad mode on. */
    @Test
    void aFreshThreadWritesAParameterInPlaceOnlyWithGradModeOff() {
        NDManager.newBaseManager().close(); // the engine is loaded on this thread, not on the one below
        CompletableFuture.runAsync(() -> {
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray weight = manager.create(new float[] {1, 2, 3});
                weight.setRequiresGradient(true);
                assertThat(JniUtils.isGradMode()).isTrue();
                assertThatThrownBy(() -> weight.muli(2)).isInstanceOf(EngineException.class)
                        .hasMessageContaining("in-place");

                GradMode.withoutGradients(() -> weight.muli(2));
                assertThat(weight.toFloatArray()).containsExactly(2f, 4f, 6f);
                assertThat(JniUtils.isGradMode()).as("restored").isTrue();

                GradMode.offOnThisThread();
                weight.muli(2);
                assertThat(weight.toFloatArray()).containsExactly(4f, 8f, 12f);
            }
        }, runnable -> new Thread(runnable).start()).join();
    }
}
