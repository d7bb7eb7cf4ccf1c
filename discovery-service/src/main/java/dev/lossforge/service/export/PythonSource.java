package dev.lossforge.service.export;

import java.util.Optional;

/**
 * A proposer that writes its candidates' PyTorch form itself (the evolutionary proposer renders
 * its expression trees). {@code GET /api/candidates/{id}/export.py} asks every such bean before it
 * falls back to the built-in translations; a candidate none of them knows, and that is no
 * built-in, has no PyTorch form (422).
 */
public interface PythonSource {

    /**
     * A Python module defining a top-level {@code loss} with DiscoPOP's arguments (see
     * {@link dev.lossforge.export.PythonRenderable#pythonSource()}), or empty for a candidate this
     * proposer did not write.
     */
    Optional<String> pythonFor(long candidateId);
}
