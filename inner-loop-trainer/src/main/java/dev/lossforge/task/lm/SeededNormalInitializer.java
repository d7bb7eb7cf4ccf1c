package dev.lossforge.task.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

import java.util.SplittableRandom;

/**
 * Normal weights drawn from a Java generator rather than the engine's global random state, so
 * that a model's initialisation depends on its seed alone, whatever else runs in the JVM. The
 * arrays are native copies ({@link Aligned}), never views of Java memory.
 */
final class SeededNormalInitializer implements Initializer {

    private final SplittableRandom random;
    private final double std;

    SeededNormalInitializer(SplittableRandom random, double std) {
        this.random = random;
        this.std = std;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return Aligned.copyOf(manager, values, shape).toType(dataType, false);
    }
}
