package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * IPO: a squared loss that pulls the length-averaged log-ratio difference to 1/(2β).
 *
 * <pre>
 * loss = (Δ' − 1/(2β))²,   Δ' = h_w/|y_w| − h_l/|y_l|,   h = a − r
 * </pre>
 *
 * <p>Paper: "A General Theoretical Paradigm to Understand Learning from Human Preferences",
 * Mohammad Gheshlaghi Azar et al., 2023, arXiv:2310.12036.
 *
 * <p>LOSSES.md: length-averaged log-ratios, as in TRL and confirmed by the IPO authors (the
 * paper's formula uses summed ones).
 */
public final class IpoLoss implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray chosen = Ops.chosenLogRatio(batch).div(batch.chosenLengths());
        NDArray rejected = Ops.rejectedLogRatio(batch).div(batch.rejectedLengths());
        return chosen.sub(rejected).sub(1.0 / (2.0 * batch.beta())).square();
    }
}
