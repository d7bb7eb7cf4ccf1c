package dev.lossforge.loss;

import ai.djl.ndarray.NDArray;

/**
 * A preference-optimization loss: one batch of preference pairs in, one loss value per pair out.
 *
 * <p>Implementations return an array of shape {@code [B]}; the trainer takes its mean. The same
 * interface serves the built-in library, losses written by an LLM or a user and compiled by the
 * sandbox, and losses loaded from an exported JAR through {@link java.util.ServiceLoader}.
 */
public interface PreferenceLoss {

    /**
     * @param batch the pairs, all arrays of shape {@code [B]}
     * @return the per-example loss, shape {@code [B]}
     */
    NDArray compute(PreferenceBatch batch);
}
