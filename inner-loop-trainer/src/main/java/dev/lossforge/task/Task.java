package dev.lossforge.task;

import java.util.List;

/**
 * An inner loop: it builds data and a reference for a (variant, config, seed), trains a policy
 * that starts as a copy of the reference with the given loss, and measures it.
 */
public interface Task {

    /** Short lower-case name, as in {@code bandit:noisy-40}. */
    String name();

    /** One line for listings. */
    String description();

    /** The variants; the first is the default. */
    List<String> variants();

    /** The documented defaults of a variant (one of {@link #variants()}). */
    TaskConfig defaults(String variant);

    /** The metric whose value is the fitness (higher is better). */
    String primaryMetric();

    /**
     * Checks a configuration's values for range before any run starts (types are already
     * checked by {@link TaskConfig#with}).
     *
     * @throws InvalidTaskException naming the setting at fault, as {@code taskConfig.KEY}
     */
    default void validate(String variant, TaskConfig config) {
    }

    /** Trains and measures. Never throws for a loss that misbehaves: that is a status. */
    SeedResult run(TaskRun run);
}
