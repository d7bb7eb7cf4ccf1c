package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * ORPO: the token-mean NLL of the chosen response plus a logistic loss on the log odds ratio.
 *
 * <pre>
 * loss = −a_w/|y_w| + λ·ℓ(logodds_w − logodds_l),   ℓ(z) = softplus(−z)
 * logodds = m − log(1 − e^m),   m = a/|y|
 * </pre>
 *
 * <p>Paper: "ORPO: Monolithic Preference Optimization without Reference Model", Jiwoo Hong et al.,
 * 2024, arXiv:2403.07691.
 *
 * <p>LOSSES.md: λ = 0.1; log(1 − e^m) is computed stably by {@link Ops#log1mexp}, which clamps
 * m to at most −1e-6 first (a mean log-probability cannot be positive; at 0 the log odds are
 * infinite). A clamped m contributes no gradient through the log odds. The reference
 * log-probabilities are not used.
 */
public final class OrpoLoss implements PreferenceLoss {

    /** Weight of the odds-ratio term. */
    public static final double LAMBDA = 0.1;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray chosenMean = batch.policyChosenLogps().div(batch.chosenLengths());
        NDArray rejectedMean = batch.policyRejectedLogps().div(batch.rejectedLengths());
        NDArray chosenLogOdds = chosenMean.sub(Ops.log1mexp(chosenMean));
        NDArray rejectedLogOdds = rejectedMean.sub(Ops.log1mexp(rejectedMean));
        NDArray oddsRatio = Ops.softplus(chosenLogOdds.sub(rejectedLogOdds).neg());
        return chosenMean.neg().add(oddsRatio.mul(LAMBDA));
    }
}
