// EXPECT kind=FORBIDDEN line=10 column=46 mentions="operations (calls and allocations)"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

/** No loop, no recursion: each level calls the one below twice, so compute runs 2^19 additions. */
public class HelperFanOut implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        NDArray rho = Ops.logRatioDifference(batch);
        return Ops.logSigmoid(rho).neg().add(level20(rho).mul(0.0));
    }

    private static NDArray level20(NDArray x) { return level19(level19(x)); }
    private static NDArray level19(NDArray x) { return level18(level18(x)); }
    private static NDArray level18(NDArray x) { return level17(level17(x)); }
    private static NDArray level17(NDArray x) { return level16(level16(x)); }
    private static NDArray level16(NDArray x) { return level15(level15(x)); }
    private static NDArray level15(NDArray x) { return level14(level14(x)); }
    private static NDArray level14(NDArray x) { return level13(level13(x)); }
    private static NDArray level13(NDArray x) { return level12(level12(x)); }
    private static NDArray level12(NDArray x) { return level11(level11(x)); }
    private static NDArray level11(NDArray x) { return level10(level10(x)); }
    private static NDArray level10(NDArray x) { return level9(level9(x)); }
    private static NDArray level9(NDArray x) { return level8(level8(x)); }
    private static NDArray level8(NDArray x) { return level7(level7(x)); }
    private static NDArray level7(NDArray x) { return level6(level6(x)); }
    private static NDArray level6(NDArray x) { return level5(level5(x)); }
    private static NDArray level5(NDArray x) { return level4(level4(x)); }
    private static NDArray level4(NDArray x) { return level3(level3(x)); }
    private static NDArray level3(NDArray x) { return level2(level2(x)); }
    private static NDArray level2(NDArray x) { return level1(level1(x)); }
    private static NDArray level1(NDArray x) { return x.add(x); }
}
