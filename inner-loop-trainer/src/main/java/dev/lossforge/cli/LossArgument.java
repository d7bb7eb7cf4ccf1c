package dev.lossforge.cli;

import dev.lossforge.loss.BuiltinLoss;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.loss.UnknownLossException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --loss NAME|FILE.java} argument of the loss commands, resolved in one place.
 *
 * @param label   what to call the loss in output: the built-in name, or the file as given
 * @param loss    the loss to run
 * @param builtin the registry entry, or {@code null} for a loss from a file
 */
public record LossArgument(String label, PreferenceLoss loss, BuiltinLoss builtin) {

    /**
     * @throws CliException one line, for an unknown name, a missing file or a source that cannot be used
     */
    public static LossArgument resolve(String argument) {
        if (argument.endsWith(".java")) {
            return fromFile(argument);
        }
        try {
            BuiltinLoss builtin = BuiltinLosses.get(argument);
            return new LossArgument(builtin.name(), builtin.newInstance(), builtin);
        } catch (UnknownLossException e) {
            throw new CliException(e.getMessage() + ", or give a FILE.java");
        }
    }

    /** Whether the loss is known to need reward scores (built-ins only; a file's loss says so when run). */
    public boolean needsRewards() {
        return builtin != null && builtin.needsRewards();
    }

    private static LossArgument fromFile(String argument) {
        Path file = Path.of(argument);
        if (!Files.isRegularFile(file)) {
            throw new CliException("loss file not found: " + argument);
        }
        // the Janino sandbox (branch sandbox, package dev.lossforge.sandbox) compiles files; it is
        // wired in here when it lands on main
        throw new CliException("cannot compile " + argument + ": this build has no sandbox compiler yet;"
                + " give a built-in loss name instead (see the losses command)");
    }
}
