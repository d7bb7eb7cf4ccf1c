// EXPECT kind=NOT_A_LOSS mentions="no class found"
import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.*;

// the model answered with a comment instead of the class
