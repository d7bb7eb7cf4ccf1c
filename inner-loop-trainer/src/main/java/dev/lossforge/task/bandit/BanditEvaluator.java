package dev.lossforge.task.bandit;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.lossforge.train.Evaluator;

import java.util.Map;

/** Runs the policy over every held-out feature row and computes {@link BanditMetrics}. */
final class BanditEvaluator implements Evaluator {

    private final BanditNetwork network;
    private final BanditWorld world;
    private final double[] referenceLogits;
    private final double beta;

    /** @param referenceLogits the reference's logits on the held-out rows (the network's at step 0) */
    BanditEvaluator(BanditNetwork network, BanditWorld world, double[] referenceLogits, double beta) {
        this.network = network;
        this.world = world;
        this.referenceLogits = referenceLogits;
        this.beta = beta;
    }

    @Override
    public Map<String, Double> evaluate(ParameterStore parameters, NDManager manager) {
        double[] logits = BanditTask.toDouble(network.logits(parameters, manager, world.eval.rows, false).toFloatArray());
        return BanditMetrics.compute(logits, referenceLogits, world.eval.trueReward, world.responses, beta);
    }
}
