package dev.lossforge.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * A preference batch as plain doubles: what the command line reads from JSON, what probes and
 * smoke tests feed a loss. Optional arrays are {@code null} when absent.
 */
public record BatchValues(
        double[] policyChosenLogps,
        double[] policyRejectedLogps,
        double[] referenceChosenLogps,
        double[] referenceRejectedLogps,
        double[] chosenLengths,
        double[] rejectedLengths,
        double[] softLabel,
        double[] rewardChosen,
        double[] rewardRejected,
        double beta) {

    public int size() {
        return policyChosenLogps.length;
    }

    /**
     * The batch as float64 arrays on {@code manager}. The four log-probability arrays are
     * returned as given; callers that want gradients mark them first.
     */
    public PreferenceBatch toBatch(NDManager manager) {
        return new PreferenceBatch(
                array(manager, policyChosenLogps),
                array(manager, policyRejectedLogps),
                array(manager, referenceChosenLogps),
                array(manager, referenceRejectedLogps),
                array(manager, chosenLengths),
                array(manager, rejectedLengths),
                array(manager, softLabel),
                array(manager, rewardChosen),
                array(manager, rewardRejected),
                beta);
    }

    private static NDArray array(NDManager manager, double[] values) {
        return values == null ? null : manager.create(values).toType(DataType.FLOAT64, false);
    }
}
