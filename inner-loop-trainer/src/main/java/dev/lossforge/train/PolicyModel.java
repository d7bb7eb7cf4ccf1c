package dev.lossforge.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * The trainable side of a task: a DJL block, initialised as a copy of the task's frozen
 * reference, and the way it scores the task's training pairs.
 */
public interface PolicyModel {

    /** The block whose parameters preference training updates; already initialised. */
    Block block();

    /**
     * Summed log-probabilities of the chosen and rejected responses of some training pairs under
     * the policy, in training mode, so that gradients reach the block's parameters.
     *
     * @param parameters  the store the trainer's forward passes go through
     * @param manager     the step's manager: every array made here belongs to it
     * @param pairIndices indices into the task's {@link PairData}
     * @return two arrays of shape {@code [B]}: chosen, then rejected
     */
    NDList pairLogps(ParameterStore parameters, NDManager manager, int[] pairIndices);
}
