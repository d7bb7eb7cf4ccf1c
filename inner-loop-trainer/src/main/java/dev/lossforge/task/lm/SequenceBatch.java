package dev.lossforge.task.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;
import java.util.List;

/**
 * Sequences laid out for one forward pass, right-padded to the longest (padding never affects
 * real positions under a causal mask): inputs are the tokens but the last, targets the tokens
 * but the first, and the mask marks the targets that belong to a response.
 */
final class SequenceBatch {

    final NDArray inputs;   // [B, L-1] int32
    final NDArray targets;  // [B, L-1, 1] int64
    final NDArray mask;     // [B, L-1] float32

    private SequenceBatch(NDArray inputs, NDArray targets, NDArray mask) {
        this.inputs = inputs;
        this.targets = targets;
        this.mask = mask;
    }

    static SequenceBatch of(NDManager manager, List<TokenSequence> sequences, int padToken) {
        int rows = sequences.size();
        int longest = 2;
        for (TokenSequence s : sequences) {
            longest = Math.max(longest, s.length());
        }
        int width = longest - 1;
        int[] inputs = new int[rows * width];
        long[] targets = new long[rows * width];
        float[] mask = new float[rows * width];
        Arrays.fill(inputs, padToken);
        Arrays.fill(targets, padToken);
        for (int r = 0; r < rows; r++) {
            int[] tokens = sequences.get(r).tokens();
            int promptLength = sequences.get(r).promptLength();
            int base = r * width;
            for (int j = 0; j + 1 < tokens.length; j++) {
                inputs[base + j] = tokens[j];
                targets[base + j] = tokens[j + 1];
                mask[base + j] = j + 1 >= promptLength ? 1f : 0f;
            }
        }
        return new SequenceBatch(
                manager.create(inputs, new Shape(rows, width)),
                manager.create(targets, new Shape(rows, width, 1)),
                manager.create(mask, new Shape(rows, width)));
    }

    int width() {
        return Math.toIntExact(inputs.getShape().get(1));
    }
}
