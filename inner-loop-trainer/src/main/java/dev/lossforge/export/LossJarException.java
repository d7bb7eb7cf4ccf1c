package dev.lossforge.export;

/**
 * An exported JAR that cannot be used: not a LossForge export, damaged, changed after export
 * (its classes do not match its sources), or the loss asked for is not in it. The message is one
 * line meant for the user.
 */
public class LossJarException extends Exception {

    public LossJarException(String message) {
        super(message);
    }

    public LossJarException(String message, Throwable cause) {
        super(message, cause);
    }
}
