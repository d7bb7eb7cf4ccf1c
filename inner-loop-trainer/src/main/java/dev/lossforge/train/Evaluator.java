package dev.lossforge.train;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import java.util.Map;

/** Measures the policy as it stands; the trainer calls it at intervals and at the end. */
public interface Evaluator {

    /**
     * @param parameters the store to run the policy's block through, in inference mode
     * @param manager    a manager that is closed after the call
     * @return metrics by name, the task's primary metric among them
     */
    Map<String, Double> evaluate(ParameterStore parameters, NDManager manager);
}
