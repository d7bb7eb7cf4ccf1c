package dev.lossforge.service.proposer.evolution;

import java.util.OptionalDouble;

/** Scores a tree for the in-memory driver: higher is better, empty when the evaluation failed. */
@FunctionalInterface
public interface FitnessFunction {

    OptionalDouble evaluate(Node tree);
}
