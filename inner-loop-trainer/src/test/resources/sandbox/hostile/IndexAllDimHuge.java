// EXPECT kind=FORBIDDEN line=11 column=37 mentions="NDIndex.addAllDim(count)"
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.lossforge.loss.*;

public class IndexAllDimHuge implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        // two billion index entries on the Java heap before the engine is even asked
        NDIndex all = new NDIndex().addAllDim(Integer.MAX_VALUE);
        return Ops.logSigmoid(rho).neg().add(rho.get(all).mean().mul(0.0));
    }
}
