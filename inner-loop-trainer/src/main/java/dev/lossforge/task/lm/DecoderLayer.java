package dev.lossforge.task.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.lossforge.loss.Ops;

/**
 * One pre-layer-norm transformer block: causal multi-head self-attention, then a GELU
 * feed-forward part, each added to the residual stream. Queries, keys and values come from one
 * fused linear layer so that the largest matrix multiplications stay large.
 */
final class DecoderLayer extends AbstractBlock {

    private final int modelDim;
    private final int heads;
    private final int headDim;
    private final LayerNorm attentionNorm;
    private final Linear qkv;
    private final Linear attentionOut;
    private final LayerNorm feedForwardNorm;
    private final Linear up;
    private final Linear down;

    DecoderLayer(LmShape shape) {
        modelDim = shape.modelDim();
        heads = shape.heads();
        headDim = shape.headDim();
        attentionNorm = addChildBlock("attentionNorm", LayerNorm.builder().axis(2).build());
        qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * modelDim).build());
        attentionOut = addChildBlock("attentionOut", Linear.builder().setUnits(modelDim).build());
        feedForwardNorm = addChildBlock("feedForwardNorm", LayerNorm.builder().axis(2).build());
        up = addChildBlock("up", Linear.builder().setUnits(shape.ffnDim()).build());
        down = addChildBlock("down", Linear.builder().setUnits(modelDim).build());
    }

    /** The linear layer whose output joins the residual stream after attention. */
    Linear attentionOut() {
        return attentionOut;
    }

    /** The linear layer whose output joins the residual stream after the feed-forward part. */
    Linear down() {
        return down;
    }

    /** inputs: the residual stream {@code [B, T, d]} and the additive causal mask {@code [T, T]}. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.get(0), inputs.get(1), null, training));
    }

    /**
     * @param x     residual stream {@code [B, T, d]}
     * @param mask  additive mask {@code [T, T_total]}, or {@code null} when every cached and new
     *              position may be attended to (one new token per step)
     * @param cache keys and values of earlier positions, extended here; {@code null} when none
     *              are kept
     */
    NDArray forward(ParameterStore ps, NDArray x, NDArray mask, KvCache cache, boolean training) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);

        NDArray normed = attentionNorm.forward(ps, new NDList(x), training).head();
        // [B, T, 3d] -> [B, T, 3, H, dh] -> [3, B, H, T, dh]
        NDArray fused = qkv.forward(ps, new NDList(normed), training).head()
                .reshape(batch, length, 3, heads, headDim)
                .transpose(2, 0, 3, 1, 4);
        // not mul(double): see Ops.scale, the backward pass needs the factor after the GC may have freed it
        NDArray q = Ops.scale(fused.get(0), 1.0 / Math.sqrt(headDim));
        NDArray k = fused.get(1);
        NDArray v = fused.get(2);
        if (cache != null) {
            cache.append(k, v);
            k = cache.keys();
            v = cache.values();
        }
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray attended = scores.softmax(-1).matMul(v)
                .transpose(0, 2, 1, 3)
                .reshape(batch, length, modelDim);
        NDArray h = x.add(attentionOut.forward(ps, new NDList(attended), training).head());

        NDArray normed2 = feedForwardNorm.forward(ps, new NDList(h), training).head();
        NDArray hidden = Activation.gelu(up.forward(ps, new NDList(normed2), training).head());
        return h.add(down.forward(ps, new NDList(hidden), training).head());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape stream = inputShapes[0];
        attentionNorm.initialize(manager, dataType, stream);
        qkv.initialize(manager, dataType, stream);
        attentionOut.initialize(manager, dataType, stream);
        feedForwardNorm.initialize(manager, dataType, stream);
        up.initialize(manager, dataType, stream);
        down.initialize(manager, dataType, up.getOutputShapes(new Shape[] {stream}));
    }
}
