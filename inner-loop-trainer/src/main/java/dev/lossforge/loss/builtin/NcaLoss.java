package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * NCA, pair form: noise-contrastive alignment on the absolute log-ratios of each response.
 *
 * <pre>
 * loss = ℓ(βh_w) + ½·ℓ(−βh_w) + ½·ℓ(−βh_l),   ℓ(z) = softplus(−z),   h = a − r
 * </pre>
 *
 * <p>Paper: "Noise Contrastive Alignment of Language Models with Explicit Rewards",
 * Huayu Chen et al., 2024, arXiv:2402.05369.
 *
 * <p>LOSSES.md: "NCA pair form". It raises the chosen likelihood itself instead of only the
 * margin, which keeps the chosen log-probability from falling.
 */
public final class NcaLoss implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray chosen = Ops.chosenLogRatio(batch).mul(batch.beta());
        NDArray rejected = Ops.rejectedLogRatio(batch).mul(batch.beta());
        return Ops.softplus(chosen.neg())
                .add(Ops.softplus(chosen).mul(0.5))
                .add(Ops.softplus(rejected).mul(0.5));
    }
}
