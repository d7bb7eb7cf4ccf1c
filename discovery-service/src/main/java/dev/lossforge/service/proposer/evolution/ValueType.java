package dev.lossforge.service.proposer.evolution;

/**
 * What a subtree evaluates to. {@code ARRAY} values carry one number per pair of the batch;
 * {@code SCALAR} values (constants, β, and +, −, × of those) are one number for the whole batch
 * and act as coefficients.
 */
public enum ValueType {
    ARRAY,
    SCALAR
}
