package dev.lossforge.task.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CausalLmTest {

    static final LmShape SMALL = new LmShape(11, 16, 16, 2, 2, 32);

    @Test
    void laterTokensDoNotChangeEarlierLogits() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm lm = new CausalLm(SMALL).initialize(manager, 7);
            ParameterStore ps = new ParameterStore(manager, false);
            float[] a = lm.logits(ps, manager.create(new int[] {1, 2, 3, 4, 5, 6}, new Shape(1, 6)), false).toFloatArray();
            float[] b = lm.logits(ps, manager.create(new int[] {1, 2, 3, 9, 9, 9}, new Shape(1, 6)), false).toFloatArray();

            int v = SMALL.vocabSize();
            for (int i = 0; i < 3 * v; i++) {
                assertThat(b[i]).isEqualTo(a[i], within(1e-6f));
            }
            // and the last positions do see the change
            double difference = 0;
            for (int i = 3 * v; i < 6 * v; i++) {
                difference += Math.abs(a[i] - b[i]);
            }
            assertThat(difference).isGreaterThan(1e-3);
        }
    }

    @Test
    void cachedDecodingMatchesTheFullForwardPass() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm lm = new CausalLm(SMALL).initialize(manager, 3);
            ParameterStore ps = new ParameterStore(manager, false);
            int[] tokens = {1, 4, 2, 8, 5, 7, 3, 10, 6, 2, 9, 0};
            NDArray all = manager.create(tokens, new Shape(2, 6));
            float[] full = lm.logits(ps, all, false).toFloatArray();
            int v = SMALL.vocabSize();

            List<KvCache> caches = new ArrayList<>();
            for (int i = 0; i < SMALL.layers(); i++) {
                caches.add(new KvCache(manager));
            }
            float[][] incremental = new float[6][];
            incremental[2] = lm.prefill(ps, all.get(":, 0:3"), caches).toFloatArray();
            for (int t = 3; t < 6; t++) {
                incremental[t] = lm.step(ps, all.get(":, " + t + ":" + (t + 1)), t, caches).toFloatArray();
            }
            for (int t = 2; t < 6; t++) {
                for (int row = 0; row < 2; row++) {
                    for (int k = 0; k < v; k++) {
                        assertThat(incremental[t][row * v + k]).as("t=%d row=%d", t, row)
                                .isEqualTo(full[(row * 6 + t) * v + k], within(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void initialisationDependsOnTheSeedAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            byte[] a = ParameterCodec.encode(new CausalLm(SMALL).initialize(manager, 5));
            byte[] b = ParameterCodec.encode(new CausalLm(SMALL).initialize(manager, 5));
            byte[] c = ParameterCodec.encode(new CausalLm(SMALL).initialize(manager, 6));

            assertThat(a).isEqualTo(b);
            assertThat(a).isNotEqualTo(c);
        }
    }

    @Test
    void countsParametersAndFlops() {
        // by hand for V=11, C=16, d=16, 2 layers, ffn 32:
        // per layer 4*256 + 48 + 16 (qkv and out biases) + 2*16*32 + 32 + 16 + 4*16 = 2224;
        // embeddings 11*16 + 16*16 = 432; final norm 32; head 16*11 = 176
        assertThat(SMALL.parameters()).isEqualTo(2 * 2224 + 432 + 32 + 176);
        try (NDManager manager = NDManager.newBaseManager()) {
            long actual = 0;
            for (var p : new CausalLm(SMALL).initialize(manager, 1).getParameters()) {
                actual += p.getValue().getArray().size();
            }
            assertThat(actual).isEqualTo(SMALL.parameters());
        }
        // matmul weights: 2 * (4*256 + 2*512) + 176 = 4272; 6 * 4272 * 30 tokens + 12 * 2 * 10 * 16 * 30
        assertThat(SMALL.trainingFlops(3, 10)).isEqualTo(6.0 * 4272 * 30 + 12.0 * 2 * 10 * 16 * 30);
    }
}
