package dev.lossforge.export;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The contents of an exported JAR whose structure checked out ({@link LossJarReader#read}); its
 * classes have not been compared with its sources yet.
 *
 * @param file       where it was read from
 * @param exportedAt the export time from its index
 * @param losses     the losses, in index order
 */
public record LossJar(Path file, Instant exportedAt, List<JarLoss> losses) {

    public LossJar {
        losses = List.copyOf(losses);
    }

    /**
     * Picks a loss: with no selector the only one; otherwise the one whose candidate name, simple
     * class name, full class name or original class name is the selector (tried in that order), or
     * whose rank it is.
     *
     * @param selector what follows {@code #} in {@code export.jar#NAME}, or null
     * @throws LossJarException when nothing or more than one loss matches, naming the losses there are
     */
    public JarLoss select(String selector) throws LossJarException {
        if (selector == null || selector.isEmpty()) {
            if (losses.size() == 1) {
                return losses.get(0);
            }
            throw new LossJarException(file + " holds " + losses.size() + " losses; pick one with " + file
                    + "#NAME: " + listing());
        }
        List<Function<JarLoss, String>> keys = List.of(l -> l.info().name(), JarLoss::simpleName,
                JarLoss::className, JarLoss::originalClassName, l -> Integer.toString(l.rank()));
        for (Function<JarLoss, String> key : keys) {
            List<JarLoss> matches = new ArrayList<>();
            for (JarLoss loss : losses) {
                if (selector.equals(key.apply(loss))) {
                    matches.add(loss);
                }
            }
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.size() > 1) {
                throw new LossJarException(file + "#" + selector + " matches " + matches.size() + " losses ("
                        + matches.stream().map(JarLoss::describe).collect(Collectors.joining(", "))
                        + "); use the full class name or the rank (1-" + losses.size() + ")");
            }
        }
        throw new LossJarException(file + " has no loss '" + selector + "'; it holds: " + listing());
    }

    private String listing() {
        return losses.stream().map(l -> l.rank() + ". " + l.describe()).collect(Collectors.joining(", "));
    }
}
