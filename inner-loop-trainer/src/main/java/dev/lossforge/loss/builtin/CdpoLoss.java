package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * Conservative DPO (cDPO): DPO with label smoothing.
 *
 * <pre>
 * loss = (1 − ε)·ℓ(βΔ) + ε·ℓ(−βΔ),   ℓ(z) = softplus(−z)
 * </pre>
 *
 * <p>Source: "A note on DPO with noisy preferences &amp; relationship to IPO", Eric Mitchell,
 * 2023, a technical note without an arXiv id (https://ericmitchell.ai/cdpo.pdf).
 *
 * <p>LOSSES.md: ε = 0.1 ("conservative DPO (label smoothing)"). Unlike DPO the loss has a
 * minimum at a finite Δ, so it stops pushing the margin once it is large.
 */
public final class CdpoLoss implements PreferenceLoss {

    /** Label-smoothing weight given to the flipped label. */
    public static final double EPSILON = 0.1;

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray logits = Ops.logRatioDifference(batch).mul(batch.beta());
        NDArray agree = Ops.softplus(logits.neg()).mul(1.0 - EPSILON);
        NDArray flipped = Ops.softplus(logits).mul(EPSILON);
        return agree.add(flipped);
    }
}
