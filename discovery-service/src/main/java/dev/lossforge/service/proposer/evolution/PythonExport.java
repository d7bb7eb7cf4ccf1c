package dev.lossforge.service.proposer.evolution;

import java.util.Map;
import java.util.Optional;

/**
 * The PyTorch export of issue 7 for the losses whose translation is mechanical: candidates of
 * the evolution proposer (their tree is in the campaign's proposer state, {@link CampaignHistory})
 * and the built-in losses the grammar writes ({@link SeedLibrary}; for lrml and cell the exp is
 * the grammar's bounded one, equal for |βρ| ≤ 20). Everything else gets no export (the service
 * answers 422).
 */
public final class PythonExport {

    private PythonExport() {
    }

    /**
     * @param candidateName  the candidate's stored name
     * @param hypothesis     its hypothesis or summary, for the docstring
     * @param proposerState  the campaign's proposer state (may be empty)
     * @return a module defining {@code loss(...)}, or empty when the loss is not a tree
     */
    public static Optional<String> of(String candidateName, String hypothesis, Map<String, Object> proposerState) {
        Object metadata = proposerState.get(CampaignHistory.STATE_KEY) instanceof Map<?, ?> entries
                ? entries.get(candidateName) : null;
        Optional<Node> tree = metadata instanceof String json
                ? Optional.of(CandidateMetadata.parse(json).genome())
                : SeedLibrary.tree(candidateName);
        return tree.map(t -> PythonRenderer.render(t, "loss", candidateName + ": " + hypothesis));
    }
}
