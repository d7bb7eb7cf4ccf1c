package dev.lossforge.task.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lossforge.train.GradMode;

/**
 * Parameter values from Java arrays in memory that libtorch allocated itself.
 *
 * <p>Why: DJL's PyTorch engine wraps a Java direct buffer without copying
 * ({@code manager.create(float[])}, {@code NDArray.set(Buffer)}), and a Java buffer's address
 * has no fixed alignment. MKL's matrix products take different code paths, and round
 * differently, for differently aligned operands, so weights kept in such buffers made two runs
 * of the same seed differ in the last bits, and sampled tokens (then whole win rates) with them.
 * libtorch's allocator aligns to 64 bytes, so weights copied into its memory give the same
 * numbers on every run.
 */
final class Aligned {

    private Aligned() {
    }

    /** A new native array with the values. */
    static NDArray copyOf(NDManager manager, float[] values, Shape shape) {
        try (NDArray view = manager.create(values, shape)) {
            return view.duplicate();
        }
    }

    /** Overwrites {@code target}'s values in place, keeping its (native) memory. */
    static void assign(NDArray target, float[] values) {
        try (NDArray view = target.getManager().create(values, target.getShape())) {
            // 0·w + v is exactly v: an exact in-place copy through two native kernels; a parameter
            // that requires gradients accepts in-place writes only with grad mode off
            GradMode.withoutGradients(() -> target.muli(0).addi(view));
        }
    }
}
