package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.MissingInputException;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * DDO-RM: distils a reward-improved distribution over the two candidates into the policy.
 *
 * <pre>
 * s_i = a_i/|y_i|                      for i in {w, l}  (K = 2 candidates)
 * p   = softmax(s/τ)
 * q   = softmax((s + η·(r_i − Σ_j p_j·r_j))/τ)     held fixed: no gradient flows through q
 * loss = −Σ_i q_i·log p_i
 * </pre>
 * r_i are the reward-model scores of the chosen and rejected responses. With K = 2 the softmax is
 * a sigmoid of the difference (log p_w = −softplus(−(s_w − s_l)/τ)), and the centring baseline
 * Σ_j p_j·r_j is added to both candidates, so it cancels in q; it is kept to follow the formula.
 *
 * <p>Paper: "DDO-RM: Distribution-Level Policy Improvement after Reward Learning" (first version:
 * "DDO-RM for LLM Preference Optimization: A Minimal Held-Out Benchmark against DPO"),
 * Tiantian Zhang et al., 2026, arXiv:2604.11119.
 *
 * <p>LOSSES.md: η = 1, τ = 1; a batch without reward scores is rejected with a
 * {@link MissingInputException} (never a NaN). The reference log-probabilities and β are not
 * used.
 */
public final class DdoRmLoss implements PreferenceLoss {

    /** Step size of the reward update of the decision distribution. */
    public static final double ETA = 1.0;

    /** Temperature of both softmaxes. */
    public static final double TAU = 1.0;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        if (!batch.hasRewards()) {
            throw new MissingInputException("ddo-rm needs reward-model scores (rewardChosen and rewardRejected)"
                    + " but this batch has none");
        }
        NDArray chosenScore = batch.policyChosenLogps().div(batch.chosenLengths());
        NDArray rejectedScore = batch.policyRejectedLogps().div(batch.rejectedLengths());
        NDArray logits = chosenScore.sub(rejectedScore).div(TAU);
        NDArray baseline = Ops.sigmoid(logits).mul(batch.rewardChosen())
                .add(Ops.sigmoid(logits.neg()).mul(batch.rewardRejected()));
        NDArray chosenTarget = chosenScore.add(batch.rewardChosen().sub(baseline).mul(ETA)).div(TAU);
        NDArray rejectedTarget = rejectedScore.add(batch.rewardRejected().sub(baseline).mul(ETA)).div(TAU);
        NDArray targetLogits = chosenTarget.sub(rejectedTarget).stopGradient();
        NDArray chosenWeight = Ops.sigmoid(targetLogits);
        NDArray rejectedWeight = Ops.sigmoid(targetLogits.neg());
        // −log p_w = softplus(−logits), −log p_l = softplus(logits)
        return chosenWeight.mul(Ops.softplus(logits.neg())).add(rejectedWeight.mul(Ops.softplus(logits)));
    }
}
