package dev.lossforge.task.lm;

/**
 * The architecture of a {@link CausalLm}: a decoder-only transformer with pre-layer-norm
 * blocks, learned positions and an untied output head.
 *
 * @param vocabSize     number of token ids
 * @param contextLength the longest sequence the position table covers
 * @param modelDim      width of the residual stream
 * @param heads         attention heads; {@code modelDim} must be a multiple
 * @param layers        decoder blocks
 * @param ffnDim        hidden width of each block's feed-forward part
 */
public record LmShape(int vocabSize, int contextLength, int modelDim, int heads, int layers, int ffnDim) {

    public LmShape {
        if (vocabSize < 2 || contextLength < 2 || modelDim < 1 || heads < 1 || layers < 1 || ffnDim < 1) {
            throw new IllegalArgumentException("every size of an LM must be positive (vocabulary and context at least 2): " + this);
        }
        if (modelDim % heads != 0) {
            throw new IllegalArgumentException("modelDim " + modelDim + " is not a multiple of heads " + heads);
        }
    }

    public int headDim() {
        return modelDim / heads;
    }

    /** Weights that take part in matrix multiplications: the blocks' linear layers and the head. */
    public long matmulParameters() {
        long perLayer = 4L * modelDim * modelDim + 2L * modelDim * ffnDim;
        return layers * perLayer + (long) modelDim * vocabSize;
    }

    /** Every trainable number, embeddings, biases and norms included. */
    public long parameters() {
        long perLayer = 4L * modelDim * modelDim + 4L * modelDim  // attention weights and biases
                + 2L * modelDim * ffnDim + ffnDim + modelDim       // feed-forward weights and biases
                + 4L * modelDim;                                   // two layer norms
        return (long) vocabSize * modelDim + (long) contextLength * modelDim
                + layers * perLayer + 2L * modelDim + (long) modelDim * vocabSize;
    }

    /**
     * Floating-point operations of one forward and backward pass over {@code sequences}
     * sequences padded to {@code length}: 6 per matmul weight and token, plus the two attention
     * products (QK^T and AV, 2·T·d each per token and layer, computed over the whole T×T square),
     * also three times for forward and backward.
     */
    public double trainingFlops(long sequences, int length) {
        double tokens = (double) sequences * length;
        return 6.0 * matmulParameters() * tokens + 12.0 * layers * (double) length * modelDim * tokens;
    }

    /** The forward pass alone: a third of {@link #trainingFlops}. */
    public double forwardFlops(long sequences, int length) {
        return trainingFlops(sequences, length) / 3.0;
    }
}
