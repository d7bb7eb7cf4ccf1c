package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * CPO: a reference-free logistic loss on the summed log-probabilities plus the token-mean NLL of
 * the chosen response.
 *
 * <pre>
 * loss = ℓ(β·(a_w − a_l)) + α·(−a_w/|y_w|),   ℓ(z) = softplus(−z)
 * </pre>
 *
 * <p>Paper: "Contrastive Preference Optimization: Pushing the Boundaries of LLM Performance in
 * Machine Translation", Haoran Xu et al., 2024, arXiv:2401.08417.
 *
 * <p>LOSSES.md: α = 1.0; "NLL as token-mean of the chosen response". The reference
 * log-probabilities are not used.
 */
public final class CpoLoss implements PreferenceLoss {

    /** Weight of the NLL term. */
    public static final double ALPHA = 1.0;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray logits = batch.policyChosenLogps().sub(batch.policyRejectedLogps()).mul(batch.beta());
        NDArray nll = batch.policyChosenLogps().div(batch.chosenLengths()).neg();
        return Ops.softplus(logits.neg()).add(nll.mul(ALPHA));
    }
}
