package dev.lossforge.task;

/**
 * An optional input of a {@code PreferenceBatch} that only some tasks provide. The log-probabilities,
 * lengths and beta every batch carries; a loss (or a proposer writing one) may read these only on
 * a task whose {@link Task#optionalInputs} includes them, and otherwise gets a
 * {@code MissingInputException}.
 */
public enum BatchInput {
    /** {@code softLabel}: the probability that the chosen response is the preferred one. */
    SOFT_LABEL,
    /** {@code rewardChosen} and {@code rewardRejected}: reward-model scores of the two responses. */
    REWARDS
}
