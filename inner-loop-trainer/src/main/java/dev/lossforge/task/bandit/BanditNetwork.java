package dev.lossforge.task.bandit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

import java.util.List;

/**
 * The policy network: one logit per (context, response) feature row, the sum of a linear "skip"
 * term and a one-hidden-layer tanh MLP. The reference has exactly this form (see
 * {@link BanditWorld}), so the policy starts as an exact copy of it.
 */
final class BanditNetwork {

    private final int inputDim;
    private final Linear skip = Linear.builder().setUnits(1).optBias(false).build();
    private final Linear hidden;
    private final Linear output = Linear.builder().setUnits(1).build();
    private final Block block;

    BanditNetwork(BanditWorld world, NDManager manager) {
        this.inputDim = world.inputDim;
        this.hidden = Linear.builder().setUnits(world.hiddenUnits).build();
        SequentialBlock mlp = new SequentialBlock().add(hidden).add(Activation.tanhBlock()).add(output);
        this.block = new ParallelBlock(
                branches -> new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())),
                List.of(skip, mlp));
        block.initialize(manager, DataType.FLOAT32, new Shape(1, inputDim));
        set(skip, "weight", world.skipWeight);
        set(hidden, "weight", world.hiddenWeight);
        set(hidden, "bias", world.hiddenBias);
        set(output, "weight", world.outputWeight);
        set(output, "bias", new float[] {0f});
    }

    private static void set(Linear layer, String name, float[] values) {
        NDArray array = layer.getParameters().get(name).getArray();
        if (array.size() != values.length) {
            throw new IllegalStateException("parameter " + name + " has " + array.size() + " values, got " + values.length);
        }
        array.set(values);
    }

    Block block() {
        return block;
    }

    /** Logits of {@code rows.length / inputDim} feature rows, shape [N]. */
    NDArray logits(ParameterStore store, NDManager manager, float[] rows, boolean training) {
        int n = rows.length / inputDim;
        NDArray input = manager.create(rows, new Shape(n, inputDim));
        return block.forward(store, new NDList(input), training).singletonOrThrow().reshape(n);
    }
}
