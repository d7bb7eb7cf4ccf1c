package dev.lossforge.loss.builtin;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/**
 * SPPO with hard labels: squared losses pulling h_w to +1/(2β) and h_l to −1/(2β).
 *
 * <pre>
 * loss = (h_w − 1/(2β))² + (h_l + 1/(2β))²,   h = a − r
 * </pre>
 *
 * <p>Paper: "Self-Play Preference Optimization for Language Model Alignment", Yue Wu et al.,
 * 2024, arXiv:2405.00675.
 *
 * <p>LOSSES.md: "hard labels": the winner's probability of winning is taken as 1 and the
 * loser's as 0, as TRL's sppo_hard does.
 */
public final class SppoHardLoss implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        double target = 1.0 / (2.0 * batch.beta());
        NDArray chosen = Ops.chosenLogRatio(batch).sub(target).square();
        NDArray rejected = Ops.rejectedLogRatio(batch).add(target).square();
        return chosen.add(rejected);
    }
}
