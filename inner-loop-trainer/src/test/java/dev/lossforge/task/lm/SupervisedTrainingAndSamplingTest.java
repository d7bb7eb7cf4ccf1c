package dev.lossforge.task.lm;

import dev.lossforge.train.GradMode;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.lossforge.train.Progress;
import dev.lossforge.train.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SupervisedTrainingAndSamplingTest {

    private static final int END = 2;

    @Test
    void learnsAPromptDependentContinuationAndSamplesIt() {
        // after prompt [1, a] the response is always [a+1, a+2, END]: learnable only by reading the prompt
        LmShape shape = new LmShape(12, 8, 32, 2, 1, 64);
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm lm = new CausalLm(shape).initialize(manager, 1);
            SequenceScorer scorer = new SequenceScorer(lm, 0);
            List<Progress> progress = new ArrayList<>();
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onProgress(Progress p) {
                    progress.add(p);
                }
            };
            SplittableRandom random = new SplittableRandom(4);

            double[] losses = SupervisedTrainer.train(scorer, manager, new SupervisedTrainer.Settings(150, 3e-3, 0.0, 10),
                    step -> {
                        List<TokenSequence> batch = new ArrayList<>();
                        for (int i = 0; i < 16; i++) {
                            int a = 3 + random.nextInt(7);
                            batch.add(TokenSequence.of(new int[] {1, a}, new int[] {a + 1, a + 2, END}));
                        }
                        return batch;
                    }, listener);

            assertThat(losses[0]).isGreaterThan(1.5);
            assertThat(losses[149]).isLessThan(0.05);
            assertThat(progress).hasSize(150);
            assertThat(progress.get(0).phase()).isEqualTo("reference");
            assertThat(progress.get(149).step()).isEqualTo(150);

            ParameterStore ps = new ParameterStore(manager, false);
            Sampler sampler = new Sampler(lm, END, 5, 4);
            List<int[]> continuations = sampler.sample(ps, manager, List.of(new int[] {1, 3}, new int[] {1, 7}, new int[] {1, 5}),
                    new SplittableRandom(9));
            assertThat(continuations.get(0)).containsExactly(4, 5, END);
            assertThat(continuations.get(1)).containsExactly(8, 9, END);
            assertThat(continuations.get(2)).containsExactly(6, 7, END);
        }
    }

    @Test
    void drawsTokensWithTheModelsProbabilities() {
        LmShape shape = new LmShape(6, 8, 16, 2, 1, 32);
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm lm = new CausalLm(shape).initialize(manager, 2);
            ParameterStore ps = new ParameterStore(manager, false);
            // a larger initial spread so that the distribution is far from uniform
            GradMode.withoutGradients(() -> {
                for (var p : lm.getParameters()) {
                    if (p.getKey().endsWith("head_weight")) {
                        p.getValue().getArray().muli(60);
                    }
                }
            });
            float[] logits = lm.logits(ps, manager.create(new int[] {1, 4}, new Shape(1, 2)), false).toFloatArray();
            double[] expected = softmax(logits, 6, 6);

            int n = 4000;
            List<int[]> prompts = Collections.nCopies(n, new int[] {1, 4});
            List<int[]> draws = new Sampler(lm, 0, 1, 1000).sample(ps, manager, prompts, new SplittableRandom(3));
            int[] counts = new int[6];
            draws.forEach(d -> counts[d[0]]++);

            for (int k = 0; k < 6; k++) {
                double sd = Math.sqrt(expected[k] * (1 - expected[k]) / n);
                assertThat((double) counts[k] / n).as("token %d, p=%.3f", k, expected[k])
                        .isBetween(expected[k] - 4 * sd - 1e-9, expected[k] + 4 * sd + 1e-9);
            }
            assertThat(max(expected)).isGreaterThan(0.3);
        }
    }

    @Test
    void sameStreamSameSamplesWhateverTheBatching() {
        LmShape shape = new LmShape(10, 16, 16, 2, 1, 32);
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm lm = new CausalLm(shape).initialize(manager, 8);
            ParameterStore ps = new ParameterStore(manager, false);
            List<int[]> prompts = List.of(new int[] {1, 3}, new int[] {1, 4, 5}, new int[] {1, 6}, new int[] {1});

            List<int[]> a = new Sampler(lm, END, 10, 64).sample(ps, manager, prompts, new SplittableRandom(1));
            List<int[]> b = new Sampler(lm, END, 10, 1).sample(ps, manager, prompts, new SplittableRandom(1));
            List<int[]> c = new Sampler(lm, END, 10, 64).sample(ps, manager, prompts, new SplittableRandom(2));

            for (int i = 0; i < prompts.size(); i++) {
                assertThat(b.get(i)).isEqualTo(a.get(i));
                assertThat(a.get(i).length).isBetween(1, 10);
                for (int j = 0; j < a.get(i).length - 1; j++) {
                    assertThat(a.get(i)[j]).as("only the last token may end a continuation").isNotEqualTo(END);
                }
            }
            assertThat(c).usingElementComparator((x, y) -> java.util.Arrays.equals(x, y) ? 0 : 1).isNotEqualTo(a);
        }
    }

    private static double[] softmax(float[] logits, int offset, int v) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < v; k++) {
            max = Math.max(max, logits[offset + k]);
        }
        double[] p = new double[v];
        double sum = 0;
        for (int k = 0; k < v; k++) {
            p[k] = Math.exp(logits[offset + k] - max);
            sum += p[k];
        }
        for (int k = 0; k < v; k++) {
            p[k] /= sum;
        }
        return p;
    }

    private static double max(double[] values) {
        double m = values[0];
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
