package dev.lossforge.export;

/**
 * A loss that writes its own PyTorch form: the evolutionary proposer's expression trees
 * ({@code Proposal.pythonSource()} has exactly this shape, so {@code Proposal implements
 * PythonRenderable} is all it takes). {@link PyTorchExport} uses it in preference to recognising
 * a built-in source.
 */
public interface PythonRenderable {

    /**
     * A Python module that imports what it needs and defines a top-level function {@code loss}
     * with DiscoPOP's arguments ({@code policy_chosen_logps, policy_rejected_logps,
     * reference_chosen_logps, reference_rejected_logps}), then {@code beta} and any extra inputs
     * as keyword arguments defaulting to None; it returns the per-example losses.
     */
    String pythonSource();
}
