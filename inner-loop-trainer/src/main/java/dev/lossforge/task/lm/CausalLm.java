package dev.lossforge.task.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small decoder-only transformer language model built from DJL blocks: token and position
 * embeddings, {@link LmShape#layers()} pre-norm {@link DecoderLayer}s, a final layer norm and a
 * linear head to the vocabulary. Input: token ids {@code [B, T]} (int32 or int64); output:
 * logits {@code [B, T, V]}.
 *
 * <p>Besides the ordinary forward pass it can decode incrementally ({@link #prefill},
 * {@link #step}) with a key/value cache, which sampling uses.
 */
public final class CausalLm extends AbstractBlock {

    private static final byte VERSION = 1;
    /** Standard deviation of the weights at initialisation (GPT-2's). */
    private static final double INIT_STD = 0.02;
    /** Finite rather than -inf so that no softmax row can ever become NaN. */
    private static final float MASKED = -1e9f;

    private final LmShape shape;
    private final Parameter tokenEmbedding;
    private final Parameter positionEmbedding;
    private final List<DecoderLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Linear head;

    public CausalLm(LmShape shape) {
        super(VERSION);
        this.shape = shape;
        tokenEmbedding = addParameter(Parameter.builder().setName("tokenEmbedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(shape.vocabSize(), shape.modelDim())).build());
        positionEmbedding = addParameter(Parameter.builder().setName("positionEmbedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(shape.contextLength(), shape.modelDim())).build());
        for (int i = 0; i < shape.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new DecoderLayer(shape)));
        }
        finalNorm = addChildBlock("finalNorm", LayerNorm.builder().axis(2).build());
        head = addChildBlock("head", Linear.builder().setUnits(shape.vocabSize()).optBias(false).build());
    }

    public LmShape shape() {
        return shape;
    }

    /**
     * Creates every parameter from {@code seed} alone (no engine random state): weights normal
     * with standard deviation 0.02, the residual projections scaled down by sqrt(2·layers) as in
     * GPT-2, biases zero, norms one and zero.
     */
    public CausalLm initialize(NDManager manager, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        setInitializer(new SeededNormalInitializer(random, INIT_STD), Parameter.Type.WEIGHT);
        Initializer residual = new SeededNormalInitializer(random, INIT_STD / Math.sqrt(2.0 * shape.layers()));
        for (DecoderLayer layer : layers) {
            layer.attentionOut().setInitializer(residual, Parameter.Type.WEIGHT);
            layer.down().setInitializer(residual, Parameter.Type.WEIGHT);
        }
        initialize(manager, DataType.FLOAT32, new Shape(1, shape.contextLength()));
        return this;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(logits(ps, inputs.head(), training));
    }

    /** Logits {@code [B, T, V]} of the next token at every position of {@code tokens [B, T]}. */
    public NDArray logits(ParameterStore ps, NDArray tokens, boolean training) {
        int length = Math.toIntExact(tokens.getShape().get(1));
        NDArray x = embed(ps, tokens, 0, training);
        NDArray mask = causalMask(tokens.getManager(), length);
        for (DecoderLayer layer : layers) {
            x = layer.forward(ps, x, mask, null, training);
        }
        return project(ps, x, training);
    }

    /**
     * Runs the prompts {@code [N, P]} through the model, filling one cache per layer.
     *
     * @return logits of the token after the prompt, {@code [N, V]}
     */
    NDArray prefill(ParameterStore ps, NDArray prompts, List<KvCache> caches) {
        int length = Math.toIntExact(prompts.getShape().get(1));
        NDArray x = embed(ps, prompts, 0, false);
        NDArray mask = causalMask(prompts.getManager(), length);
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(ps, x, mask, caches.get(i), false);
        }
        return lastPosition(project(ps, x, false));
    }

    /**
     * Feeds one token per sequence, {@code [N, 1]}, at {@code position}, after the cached ones.
     *
     * @return logits of the following token, {@code [N, V]}
     */
    NDArray step(ParameterStore ps, NDArray tokens, int position, List<KvCache> caches) {
        NDArray x = embed(ps, tokens, position, false);
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(ps, x, null, caches.get(i), false);
        }
        return lastPosition(project(ps, x, false));
    }

    private NDArray embed(ParameterStore ps, NDArray tokens, int firstPosition, boolean training) {
        int length = Math.toIntExact(tokens.getShape().get(1));
        if (firstPosition + length > shape.contextLength()) {
            throw new IllegalArgumentException("sequence of " + (firstPosition + length)
                    + " tokens is longer than the context of " + shape.contextLength());
        }
        NDManager manager = tokens.getManager();
        NDArray tokenTable = ps.getValue(tokenEmbedding, tokens.getDevice(), training);
        NDArray positionTable = ps.getValue(positionEmbedding, tokens.getDevice(), training);
        // both lookups run on arrays of the caller's manager, so their results belong to it
        NDArray positions = manager.arange(firstPosition, firstPosition + length);
        NDArray tokenVectors = Embedding.embedding(tokens, tokenTable, SparseFormat.DENSE).head();
        NDArray positionVectors = Embedding.embedding(positions, positionTable, SparseFormat.DENSE).head();
        return tokenVectors.add(positionVectors);
    }

    private NDArray project(ParameterStore ps, NDArray x, boolean training) {
        NDArray normed = finalNorm.forward(ps, new NDList(x), training).head();
        return head.forward(ps, new NDList(normed), training).head();
    }

    private static NDArray lastPosition(NDArray logits) {
        return logits.get(":, -1, :");
    }

    private static NDArray causalMask(NDManager manager, int length) {
        float[] mask = new float[length * length];
        for (int row = 0; row < length; row++) {
            Arrays.fill(mask, row * length + row + 1, (row + 1) * length, MASKED);
        }
        return manager.create(mask, new Shape(length, length));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(shape.vocabSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape stream = inputShapes[0].add(shape.modelDim());
        for (DecoderLayer layer : layers) {
            layer.initialize(manager, dataType, stream, new Shape(inputShapes[0].get(1), inputShapes[0].get(1)));
        }
        finalNorm.initialize(manager, dataType, stream);
        head.initialize(manager, dataType, stream);
    }
}
