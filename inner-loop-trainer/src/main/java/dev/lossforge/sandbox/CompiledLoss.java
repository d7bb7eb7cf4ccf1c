package dev.lossforge.sandbox;

import dev.lossforge.loss.PreferenceLoss;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A loss source that passed the sandbox compiler.
 *
 * @param className  binary name of the loss class, e.g. {@code my.pkg.ScaledDpo} or {@code ScaledDpo}
 * @param source     the source it was compiled from
 * @param classFiles the compiled class files by binary class name (what an exported JAR holds);
 *                   the map is unmodifiable, do not modify the arrays
 * @param factory    makes a new instance of the loss; each call returns a fresh object
 * @param constants  the class's {@code static final double} constants by name, in declaration order
 */
public record CompiledLoss(
        String className,
        String source,
        Map<String, byte[]> classFiles,
        Supplier<PreferenceLoss> factory,
        Map<String, Double> constants) {

    /** A new instance of the loss. */
    public PreferenceLoss newInstance() {
        return factory.get();
    }

    /** The simple class name, e.g. {@code ScaledDpo}. */
    public String simpleName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
