package dev.lossforge.loss;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One loss of the built-in library: its registry entry and a way to get an instance or its
 * Java source.
 *
 * @param name            the short lower-case name, as in LOSSES.md ({@code dpo}, {@code robust-dpo}, ...)
 * @param summary         one line that says what the loss does
 * @param paper           the source paper: title, first author, year, arXiv id
 * @param type            the implementing class in {@code dev.lossforge.loss.builtin}
 * @param referenceFree   the loss ignores the reference log-probabilities
 * @param batchStatistics one pair's value depends on the rest of the batch (mean, std, var over it)
 * @param needsRewards    the loss needs reward-model scores and rejects a batch without them
 */
public record BuiltinLoss(
        String name,
        String summary,
        String paper,
        Class<? extends PreferenceLoss> type,
        boolean referenceFree,
        boolean batchStatistics,
        boolean needsRewards) {

    /** Where the build puts the .java files of the built-in losses on the class path. */
    public static final String SOURCE_FOLDER = "lossforge/builtin-sources/";

    public BuiltinLoss {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(paper, "paper");
        Objects.requireNonNull(type, "type");
    }

    /** A fresh instance of the loss (the classes hold no state, so any instance will do). */
    public PreferenceLoss newInstance() {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (InstantiationException | IllegalAccessException | NoSuchMethodException
                 | InvocationTargetException e) {
            throw new IllegalStateException("cannot create built-in loss " + name + " (" + type.getName() + ")", e);
        }
    }

    /** The class path resource that holds this loss's source. */
    public String sourceResource() {
        return SOURCE_FOLDER + type.getSimpleName() + ".java";
    }

    /**
     * The Java source of the loss, as it was compiled into this build: the service stores it as
     * a candidate's code, and workers compile it in the sandbox like any other candidate.
     *
     * @throws IllegalStateException when the build did not package the sources
     */
    public String source() {
        try (InputStream in = BuiltinLoss.class.getClassLoader().getResourceAsStream(sourceResource())) {
            if (in == null) {
                throw new IllegalStateException("the source of built-in loss " + name + " is missing from the class path ("
                        + sourceResource() + "); build the trainer with Maven, which copies the sources in");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + sourceResource() + ": " + e.getMessage(), e);
        }
    }
}
