package dev.lossforge.task.lm;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

/** DPO for task tests: −log σ(β·ρ), ρ the log-ratio difference (Rafailov et al. 2023). */
public final class Dpo implements PreferenceLoss {

    @Override
    public NDArray compute(PreferenceBatch batch) {
        return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(batch.beta())).neg();
    }
}
