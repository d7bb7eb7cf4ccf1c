// EXPECT kind=SYNTAX line=2 column=1 mentions="Markdown code fence"
```java
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

public class MarkdownFence implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        return Ops.logSigmoid(Ops.logRatioDifference(batch)).neg();
    }
}
```
