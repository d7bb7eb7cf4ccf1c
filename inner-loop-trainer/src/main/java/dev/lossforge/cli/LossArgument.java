package dev.lossforge.cli;

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
 * The {@code --loss NAME|FILE.java} argument of the loss commands, resolved in one place.
 *
 * <p>A FILE.java goes through the sandbox like any candidate: compiled by the Janino sandbox,
 * smoke-tested and fingerprinted by {@link LossValidator}; a rejection is a one-line error naming
 * the file, line and column.
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
        try {
            BuiltinLoss builtin = BuiltinLosses.get(argument);
            return new LossArgument(builtin.name(), builtin.newInstance(), builtin, builtin.needsRewards());
        } catch (UnknownLossException e) {
            throw new CliException(e.getMessage() + ", or give a FILE.java");
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
}
