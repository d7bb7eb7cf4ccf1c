package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * Hinge loss on the scaled log-ratio difference (SLiC-HF / RSO).
 *
 * <pre>
 * loss = max(0, 1 − βΔ)
 * </pre>
 *
 * <p>Papers: "SLiC-HF: Sequence Likelihood Calibration with Human Feedback", Yao Zhao et al.,
 * 2023, arXiv:2305.10425; "Statistical Rejection Sampling Improves Preference Optimization",
 * Tianqi Liu et al., 2023, arXiv:2309.06657.
 *
 * <p>LOSSES.md: "SLiC / RSO hinge"; 1/β plays the role of the margin. The gradient is 0 once
 * βΔ ≥ 1 (at βΔ = 1 itself libtorch's relu takes the subgradient 0).
 */
public final class HingeLoss implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        return Ops.hinge(Ops.logRatioDifference(batch).mul(batch.beta()));
    }
}
