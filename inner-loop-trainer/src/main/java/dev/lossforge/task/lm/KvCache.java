package dev.lossforge.task.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values one decoder layer has computed for the tokens seen so far, shape
 * {@code [N, heads, t, headDim]}, so that sampling feeds one new token per step instead of the
 * whole prefix again. The arrays belong to {@code owner}, which outlives the per-step managers.
 */
final class KvCache {

    private final NDManager owner;
    private NDArray keys;
    private NDArray values;

    KvCache(NDManager owner) {
        this.owner = owner;
    }

    boolean isEmpty() {
        return keys == null;
    }

    NDArray keys() {
        return keys;
    }

    NDArray values() {
        return values;
    }

    /** Appends the new positions along the time axis and frees the arrays it replaces. */
    void append(NDArray newKeys, NDArray newValues) {
        if (keys == null) {
            keys = newKeys.duplicate();
            values = newValues.duplicate();
            keys.attach(owner);
            values.attach(owner);
            return;
        }
        // the receiver decides the owner of the result: keys belong to owner, so k does too
        NDArray k = keys.concat(newKeys, 2);
        NDArray v = values.concat(newValues, 2);
        keys.close();
        values.close();
        keys = k;
        values = v;
    }
}
