package dev.lossforge.service.proposer.evolution;

/**
 * An optional batch input that some tasks provide. A tree may use an input only when the task
 * of its campaign has it; the rest of the inputs every {@code PreferenceBatch} carries.
 */
public enum Capability {
    /** {@code softLabel}: the probability that the chosen response is preferred. */
    SOFT_LABEL,
    /** {@code rewardChosen} and {@code rewardRejected}: reward-model scores. */
    REWARDS
}
