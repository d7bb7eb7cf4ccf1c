package dev.lossforge.loss;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * Runs a loss once on a batch in float64 and reads back its values and input gradients. Safe to
 * call from several threads: calls are serialised on {@link GradientGate}.
 */
public final class LossProbe {

    private LossProbe() {
    }

    /**
     * @throws IllegalStateException when the loss returns something other than a vector of shape [B]
     * @throws RuntimeException      whatever the loss itself throws
     */
    public static ProbeResult probe(PreferenceLoss loss, BatchValues values) {
        // one collector per JVM: serialise with every other autograd user in the process
        GradientGate.lock();
        try {
            return probeLocked(loss, values);
        } finally {
            GradientGate.unlock();
        }
    }

    private static ProbeResult probeLocked(PreferenceLoss loss, BatchValues values) {
        // a collection inside the pass can corrupt the gradients of scalar operations; each pass
        // makes its own inputs, so nothing accumulated needs discarding
        return GarbageCollections.withoutCollection(() -> probeOnce(loss, values), () -> { });
    }

    private static ProbeResult probeOnce(PreferenceLoss loss, BatchValues values) {
        try (NDManager manager = NDManager.newBaseManager()) {
            PreferenceBatch batch = values.toBatch(manager);
            NDArray[] inputs = {
                    batch.policyChosenLogps(), batch.policyRejectedLogps(),
                    batch.referenceChosenLogps(), batch.referenceRejectedLogps()};
            for (NDArray input : inputs) {
                input.setRequiresGradient(true);
            }
            double[] losses;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray result = loss.compute(batch);
                if (result == null) {
                    throw new IllegalStateException("the loss returned null instead of an array of shape ["
                            + values.size() + "]");
                }
                Shape expected = new Shape(values.size());
                if (!result.getShape().equals(expected)) {
                    throw new IllegalStateException("the loss returned shape " + result.getShape()
                            + " but must return one value per pair, shape " + expected);
                }
                NDArray asDouble = result.toType(DataType.FLOAT64, false);
                losses = asDouble.toDoubleArray();
                try {
                    collector.backward(asDouble.sum());
                } catch (EngineException e) {
                    // a result that depends on no input has no graph to run backward through;
                    // its input gradients are all zero, which is what getGradient then reports
                    if (!String.valueOf(e.getMessage()).contains("does not require grad")) {
                        throw e;
                    }
                }
            }
            return new ProbeResult(losses, gradient(inputs[0]), gradient(inputs[1]),
                    gradient(inputs[2]), gradient(inputs[3]));
        }
    }

    private static double[] gradient(NDArray input) {
        NDArray gradient = input.getGradient();
        return gradient.toType(DataType.FLOAT64, false).toDoubleArray();
    }
}
