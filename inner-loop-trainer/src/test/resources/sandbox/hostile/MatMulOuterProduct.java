// EXPECT kind=FORBIDDEN line=10 column=28 mentions="NDArray.matMul is not allowed"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class MatMulOuterProduct implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        // on [B, 1] and [1, B] operands this is a [B, B] outer product; dot and batchMatMul likewise
        NDArray gram = rho.matMul(rho);
        NDArray again = rho.dot(rho).batchMatMul(gram);
        return Ops.logSigmoid(rho).neg().add(gram.add(again).mul(0.0));
    }
}
