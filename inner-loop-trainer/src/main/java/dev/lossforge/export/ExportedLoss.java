package dev.lossforge.export;

import dev.lossforge.sandbox.CompiledLoss;

import java.util.Objects;

/**
 * One loss ready to be written into a JAR: its classes and source as the sandbox compiled them,
 * and what the JAR says about it. Made by {@link LossJarWriter#compile}, which moves the source
 * into a package of its own so that class names never clash.
 *
 * @param info              the candidate's metadata
 * @param originalClassName the class name in the source as the candidate was written, before relocation
 * @param loss              the compiled loss: its {@code className()}, {@code source()} and {@code classFiles()}
 *                          are what goes into the JAR
 */
public record ExportedLoss(CandidateInfo info, String originalClassName, CompiledLoss loss) {

    public ExportedLoss {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(originalClassName, "originalClassName");
        Objects.requireNonNull(loss, "loss");
    }

    /** The binary name of the loss class in the JAR. */
    public String className() {
        return loss.className();
    }
}
