package dev.lossforge.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Preconditions;

import java.util.HashMap;
import java.util.Map;

/**
 * DJL's AdamW ({@link Optimizer#adamW()}: the same hyper-parameters, bias correction and native
 * {@code adamUpdate} kernel) with its moment estimates attached to a manager the caller closes.
 *
 * <p>Why not DJL's own class: {@code Optimizer.withDefaultState} detaches the moment arrays
 * ("closed by the GC") and PtNDArray has no cleaner, so each training run would leak two
 * parameter-sized native buffers per parameter for the life of the JVM. A worker runs thousands
 * of jobs. {@code ManagedAdamWTest} checks that both give the same weights step for step.
 */
final class ManagedAdamW extends Optimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final NDManager stateManager;
    private final float learningRate;
    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();

    /**
     * @param stateManager owns the moment estimates; closing it frees them
     */
    ManagedAdamW(NDManager stateManager, float learningRate, float weightDecay) {
        super(Optimizer.adamW().optWeightDecays(weightDecay));
        this.stateManager = stateManager;
        this.learningRate = learningRate;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        // the arithmetic of ai.djl.training.optimizer.AdamW.update, constant learning rate
        int t = updateCount(parameterId);
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        float learningRateBiasCorrection = (float) (learningRate * Math.sqrt(coef2) / coef1);
        float weightDecay = getWeightDecay();
        Preconditions.checkArgument(Float.isFinite(learningRate) && Float.isFinite(weightDecay),
                "learning rate or weight decay is nan or infinite");
        NDList inputs = new NDList(weight, grad, state(means, parameterId, weight), state(variances, parameterId, weight));
        weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), learningRate, learningRateBiasCorrection,
                weightDecay, rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, true);
    }

    private NDArray state(Map<String, NDArray> states, String parameterId, NDArray weight) {
        return states.computeIfAbsent(parameterId, k -> {
            NDArray zeros = weight.zerosLike();
            zeros.attach(stateManager);
            return zeros;
        });
    }
}
