package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * PFL, the policy focused loss discovered by DiscoPOP: a logistic loss where the policy already
 * prefers the chosen response, a doubled hinge loss where it does not.
 *
 * <pre>
 * x = βΔ
 * loss = ½·ℓ(x)             when a_w &gt; a_l
 *        2·max(0, 1 − x)    otherwise,                ℓ(z) = softplus(−z)
 * </pre>
 *
 * <p>Paper: "Discovering Preference Optimization Algorithms with and for Large Language Models",
 * Chris Lu et al., 2024, arXiv:2406.08414.
 *
 * <p>LOSSES.md: "released code applies it to x (not x/τ)". The branch depends on the policy
 * log-probabilities a_w and a_l themselves, not on the log-ratios; ties (a_w = a_l) take the
 * hinge branch.
 */
public final class PflLoss implements PreferenceLoss {

    /** Weight of the logistic loss where the policy prefers the chosen response. */
    public static final double LOGISTIC_WEIGHT = 0.5;

    /** Weight of the hinge loss elsewhere. */
    public static final double HINGE_WEIGHT = 2.0;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray logits = Ops.logRatioDifference(batch).mul(batch.beta());
        NDArray prefersChosen = batch.policyChosenLogps().gt(batch.policyRejectedLogps());
        NDArray logistic = Ops.softplus(logits.neg()).mul(LOGISTIC_WEIGHT);
        NDArray hinge = Ops.hinge(logits).mul(HINGE_WEIGHT);
        return NDArrays.where(prefersChosen, logistic, hinge);
    }
}
