// EXPECT kind=NOT_A_LOSS line=6 column=8 mentions="clashes with a library class"
package dev.lossforge.loss;

import ai.djl.ndarray.NDArray;

public class Ops implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        return batch.policyChosenLogps().neg();
    }
}
