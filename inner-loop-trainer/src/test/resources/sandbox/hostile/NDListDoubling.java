// EXPECT kind=FORBIDDEN line=11 column=14 mentions="NDList.addAll grows a Java object"
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.lossforge.loss.*;

public class NDListDoubling implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        NDList list = rho.split(1);
        list.addAll(list);
        list.addAll(list);
        list.addAll(list);
        return Ops.logSigmoid(rho).neg().add(list.size() * 0.0);
    }
}
