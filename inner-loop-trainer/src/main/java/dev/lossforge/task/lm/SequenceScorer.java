package dev.lossforge.task.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import java.util.List;

/** Log-probabilities of responses under a {@link CausalLm}. */
public final class SequenceScorer {

    private final CausalLm lm;
    private final int padToken;

    public SequenceScorer(CausalLm lm, int padToken) {
        this.lm = lm;
        this.padToken = padToken;
    }

    public CausalLm lm() {
        return lm;
    }

    /**
     * Summed log-probability of each sequence's response tokens, shape {@code [B]}, as a graph
     * that gradients can flow back through when {@code training} is on.
     */
    public NDArray responseLogps(ParameterStore ps, NDManager manager, List<TokenSequence> sequences, boolean training) {
        SequenceBatch batch = SequenceBatch.of(manager, sequences, padToken);
        return tokenLogps(ps, batch, training).mul(batch.mask).sum(new int[] {1});
    }

    /**
     * The same in fixed chunks of {@code chunk} sequences, each in its own manager, returned as
     * plain numbers. Two models scored with the same sequences and chunk size see identical
     * batches, so equal parameters give bit-identical results.
     */
    public float[] responseLogps(ParameterStore ps, NDManager manager, List<TokenSequence> sequences, int chunk) {
        float[] result = new float[sequences.size()];
        for (int start = 0; start < sequences.size(); start += chunk) {
            int end = Math.min(sequences.size(), start + chunk);
            try (NDManager scope = manager.newSubManager()) {
                float[] part = responseLogps(ps, scope, sequences.subList(start, end), false).toFloatArray();
                System.arraycopy(part, 0, result, start, part.length);
            }
        }
        return result;
    }

    /** Mean negative log-likelihood per response token: the supervised training loss. */
    public NDArray meanResponseNll(ParameterStore ps, NDManager manager, List<TokenSequence> sequences, boolean training) {
        SequenceBatch batch = SequenceBatch.of(manager, sequences, padToken);
        NDArray logps = tokenLogps(ps, batch, training);
        return logps.mul(batch.mask).sum().neg().div(batch.mask.sum().maximum(1f));
    }

    /** log p(target) at every position, {@code [B, L-1]}. */
    private NDArray tokenLogps(ParameterStore ps, SequenceBatch batch, boolean training) {
        NDArray logits = lm.logits(ps, batch.inputs, training);
        return logits.logSoftmax(-1).gather(batch.targets, 2).squeeze(2);
    }
}
