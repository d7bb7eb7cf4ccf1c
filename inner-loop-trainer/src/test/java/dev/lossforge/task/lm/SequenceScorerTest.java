package dev.lossforge.task.lm;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SequenceScorerTest {

    @Test
    void sumsTheLogSoftmaxOfResponseTokensOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm lm = new CausalLm(CausalLmTest.SMALL).initialize(manager, 11);
            ParameterStore ps = new ParameterStore(manager, false);
            TokenSequence a = new TokenSequence(new int[] {1, 3, 5, 7, 2}, 2);
            TokenSequence b = new TokenSequence(new int[] {1, 4, 9}, 1);

            float[] scores = new SequenceScorer(lm, 0).responseLogps(ps, manager, List.of(a, b), false).toFloatArray();

            assertThat((double) scores[0]).isEqualTo(byHand(lm, ps, manager, a), within(1e-4));
            assertThat((double) scores[1]).isEqualTo(byHand(lm, ps, manager, b), within(1e-4));
        }
    }

    @Test
    void chunkingAndPaddingDoNotChangeScores() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm lm = new CausalLm(CausalLmTest.SMALL).initialize(manager, 12);
            ParameterStore ps = new ParameterStore(manager, false);
            List<TokenSequence> sequences = List.of(
                    new TokenSequence(new int[] {1, 3, 5, 7, 2, 4, 4, 6}, 3),
                    new TokenSequence(new int[] {1, 4}, 1),
                    new TokenSequence(new int[] {1, 8, 8, 2}, 2));
            SequenceScorer scorer = new SequenceScorer(lm, 0);

            float[] together = scorer.responseLogps(ps, manager, sequences, 3);
            float[] oneByOne = scorer.responseLogps(ps, manager, sequences, 1);

            assertThat(together).containsExactly(oneByOne, within(1e-5f));
        }
    }

    /** log p(response | prompt) from the logits, with the log-softmax in doubles. */
    private static double byHand(CausalLm lm, ParameterStore ps, NDManager manager, TokenSequence s) {
        int[] tokens = s.tokens();
        int v = lm.shape().vocabSize();
        float[] logits = lm.logits(ps, manager.create(tokens, new Shape(1, tokens.length)), false).toFloatArray();
        double total = 0;
        for (int t = s.promptLength(); t < tokens.length; t++) {
            int row = (t - 1) * v;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                max = Math.max(max, logits[row + k]);
            }
            double sum = 0;
            for (int k = 0; k < v; k++) {
                sum += Math.exp(logits[row + k] - max);
            }
            total += logits[row + tokens[t]] - max - Math.log(sum);
        }
        return total;
    }
}
