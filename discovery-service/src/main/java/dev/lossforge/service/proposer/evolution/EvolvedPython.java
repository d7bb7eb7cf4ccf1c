package dev.lossforge.service.proposer.evolution;

import dev.lossforge.export.PythonRenderable;
import dev.lossforge.service.candidate.Candidate;
import dev.lossforge.service.candidate.CandidateRepository;
import dev.lossforge.service.export.PythonSource;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The PyTorch form of the evolution proposer's candidates, rebuilt from the genome stored with
 * each one: {@code GET /api/candidates/{id}/export.py} asks it through {@link PythonSource}.
 * Built-in losses and other proposers' candidates get nothing here ({@code PyTorchExport}
 * recognises the built-ins by their source). The text equals what the candidate's
 * {@link Proposal#pythonSource()} gave when it was proposed.
 */
@Component
public class EvolvedPython implements PythonSource {

    private final CandidateRepository candidates;

    EvolvedPython(CandidateRepository candidates) {
        this.candidates = candidates;
    }

    /** The module defining {@code loss(...)}; empty when there is no such candidate or it is not an evolved one. */
    @Override
    public Optional<String> pythonFor(long candidateId) {
        return candidates.find(candidateId).flatMap(this::renderable).map(PythonRenderable::pythonSource);
    }

    /** The candidate as a {@link PythonRenderable}, when the evolution proposer made it. */
    public Optional<PythonRenderable> renderable(Candidate candidate) {
        if (!EvolutionProposer.NAME.equals(candidate.proposer()) || candidate.metadata() == null) {
            return Optional.empty();
        }
        Node genome;
        try {
            genome = CandidateMetadata.parse(candidate.metadata()).genome();
        } catch (GenomeFormatException e) {
            throw new IllegalStateException("the stored genome of candidate " + candidate.id() + " cannot be read: "
                    + e.getMessage(), e);
        }
        String name = candidate.name();
        String hypothesis = candidate.hypothesis();
        return Optional.of(() -> PythonRenderer.module(genome, name, hypothesis));
    }
}
