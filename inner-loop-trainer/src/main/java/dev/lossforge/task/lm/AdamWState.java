package dev.lossforge.task.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.ArrayList;
import java.util.List;

/**
 * AdamW over a fixed list of parameters with libtorch's fused kernel (the one DJL's
 * {@code AdamW} calls), but with its moment arrays owned by a manager the caller closes: DJL's
 * optimizer detaches them, and they would outlive the training.
 */
final class AdamWState {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final List<Parameter> parameters;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private int updates;

    AdamWState(List<Parameter> parameters, NDManager owner) {
        this.parameters = List.copyOf(parameters);
        for (Parameter p : parameters) {
            NDArray weight = p.getArray();
            means.add(owner.zeros(weight.getShape(), weight.getDataType()));
            variances.add(owner.zeros(weight.getShape(), weight.getDataType()));
        }
    }

    /**
     * One update from the gradients the last backward pass left on the parameters.
     *
     * @param gradientScale multiplies every gradient first (global-norm clipping)
     */
    void update(NDManager scope, double learningRate, double weightDecay, double gradientScale) {
        updates++;
        double biasCorrection = learningRate * Math.sqrt(1 - Math.pow(BETA2, updates)) / (1 - Math.pow(BETA1, updates));
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            NDArray gradient = weight.getGradient();
            gradient.attach(scope);
            weight.getNDArrayInternal().adamUpdate(
                    new ai.djl.ndarray.NDList(weight, gradient, means.get(i), variances.get(i)),
                    new ai.djl.ndarray.NDList(weight),
                    (float) learningRate, (float) biasCorrection, (float) weightDecay,
                    (float) gradientScale, -1f, BETA1, BETA2, EPSILON, true, true);
        }
    }

    /** Global L2 norm of the current gradients. */
    double gradientNorm(NDManager scope) {
        double sum = 0;
        for (Parameter p : parameters) {
            NDArray gradient = p.getArray().getGradient();
            gradient.attach(scope);
            sum += gradient.square().sum().getFloat();
        }
        return Math.sqrt(sum);
    }
}
