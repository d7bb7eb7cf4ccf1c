package dev.lossforge.cli;

import dev.lossforge.export.LoadedLoss;
import dev.lossforge.export.LossJarException;
import dev.lossforge.export.LossJarReader;
import dev.lossforge.loss.BuiltinLoss;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.loss.UnknownLossException;
import dev.lossforge.sandbox.LossRejectedException;
import dev.lossforge.sandbox.LossValidator;
import dev.lossforge.sandbox.ValidatedLoss;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --loss NAME|FILE.java|EXPORT.jar[#NAME]} argument of the loss commands, resolved in
 * one place.
 *
 * <p>A FILE.java goes through the sandbox like any candidate: compiled by the Janino sandbox,
 * smoke-tested and fingerprinted by {@link LossValidator}; a rejection is a one-line error naming
 * the file, line and column.
 *
 * <p>An exported JAR is not trusted either ({@link LossJarReader}): its embedded source is compiled
 * again by the sandbox, its classes must be exactly that compilation's output, and the loss that
 * runs is the recompiled one. {@code export.jar#NAME} picks one loss of a JAR that holds several
 * (by candidate name, class name or rank); without it such a JAR is a one-line error listing them.
 *
 * @param label        what to call the loss in output: the built-in name, or the file as given
 * @param loss         the loss to run
 * @param builtin      the registry entry, or {@code null} for a loss from a file
 * @param needsRewards the loss needs reward-model scores (from the registry, or found by the smoke test)
 */
public record LossArgument(String label, PreferenceLoss loss, BuiltinLoss builtin, boolean needsRewards) {

    /**
     * @throws CliException one line, for an unknown name, a missing file or a source that cannot be used
     */
    public static LossArgument resolve(String argument) {
        if (argument.endsWith(".java")) {
            return fromFile(argument);
        }
        if (argument.endsWith(".jar")) {
            return fromJar(argument, Path.of(argument), null);
        }
        int hash = argument.lastIndexOf(".jar#");
        if (hash > 0) {
            return fromJar(argument, Path.of(argument.substring(0, hash + 4)), argument.substring(hash + 5));
        }
        try {
            BuiltinLoss builtin = BuiltinLosses.get(argument);
            return new LossArgument(builtin.name(), builtin.newInstance(), builtin, builtin.needsRewards());
        } catch (UnknownLossException e) {
            throw new CliException(e.getMessage() + ", or give a FILE.java or an exported JAR");
        }
    }

    private static LossArgument fromFile(String argument) {
        Path file = Path.of(argument);
        if (!Files.isRegularFile(file)) {
            throw new CliException("loss file not found: " + argument);
        }
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read " + argument + ": " + e.getMessage());
        }
        try {
            ValidatedLoss validated = new LossValidator().validate(source);
            return new LossArgument(argument, validated.loss().newInstance(), null, validated.needsRewards());
        } catch (LossRejectedException e) {
            throw new CliException(argument + " rejected (" + e.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + "): " + e.getMessage().replaceAll("\\s*\\R\\s*", " "));
        }
    }

    private static LossArgument fromJar(String argument, Path jar, String selector) {
        try {
            LoadedLoss loaded = new LossJarReader().load(jar, selector);
            return new LossArgument(argument, loaded.newInstance(), null, loaded.validated().needsRewards());
        } catch (LossJarException e) {
            throw new CliException(oneLine(e.getMessage()));
        } catch (LossRejectedException e) {
            throw new CliException(argument + " rejected (" + e.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + "): " + oneLine(e.getMessage()));
        } catch (IOException e) {
            throw new CliException("cannot read " + jar + ": " + e.getMessage());
        }
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
