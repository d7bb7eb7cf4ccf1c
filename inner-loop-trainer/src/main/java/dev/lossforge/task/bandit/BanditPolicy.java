package dev.lossforge.task.bandit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.lossforge.train.PolicyModel;

/**
 * The policy over the K responses of a training context: softmax of the network's logits over
 * the context's K feature rows; a response's log-probability is its log-softmax entry.
 */
final class BanditPolicy implements PolicyModel {

    private final BanditNetwork network;
    private final BanditWorld world;
    private final BanditPairs pairs;

    BanditPolicy(BanditNetwork network, BanditWorld world, BanditPairs pairs) {
        this.network = network;
        this.world = world;
        this.pairs = pairs;
    }

    @Override
    public Block block() {
        return network.block();
    }

    @Override
    public NDList pairLogps(ParameterStore parameters, NDManager manager, int[] pairIndices) {
        int b = pairIndices.length;
        int k = world.responses;
        int rowBlock = k * world.inputDim;
        float[] rows = new float[b * rowBlock];
        long[] chosen = new long[b];
        long[] rejected = new long[b];
        for (int i = 0; i < b; i++) {
            int p = pairIndices[i];
            System.arraycopy(world.train.rows, pairs.context[p] * rowBlock, rows, i * rowBlock, rowBlock);
            chosen[i] = pairs.chosen[p];
            rejected[i] = pairs.rejected[p];
        }
        NDArray logp = network.logits(parameters, manager, rows, true).reshape(b, k).logSoftmax(1);
        return new NDList(
                logp.gather(manager.create(chosen, new Shape(b, 1)), 1).reshape(b),
                logp.gather(manager.create(rejected, new Shape(b, 1)), 1).reshape(b));
    }

    /** Log-probabilities of every pair's chosen and rejected response under the policy as it stands. */
    float[][] allPairLogps(ParameterStore parameters, NDManager manager) {
        int[] all = new int[pairs.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        NDList out = pairLogps(parameters, manager, all);
        return new float[][] {out.get(0).toFloatArray(), out.get(1).toFloatArray()};
    }
}
