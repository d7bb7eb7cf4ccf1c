package dev.lossforge.service.proposer.evolution;

import dev.lossforge.export.PythonRenderable;

import java.util.List;
import java.util.Objects;

/**
 * One candidate the engine proposes: the tree and everything the service stores with it.
 *
 * @param genome        the (simplified) tree
 * @param origin        operator, parents, seed name or evolution-strategy bookkeeping
 * @param canonicalKey  the algebraic normal form ({@link CanonicalForm#key()})
 * @param canonicalHash its hash: no two proposals of a campaign share it
 * @param niche         the behaviour niche ({@link BehaviourDescriptor#niche()})
 * @param name          a readable name, e.g. {@code gated-exp-logistic-7f3a}
 * @param hypothesis    one line: where it came from and what shape it has
 */
public record Proposal(Node genome, Origin origin, String canonicalKey, String canonicalHash, String niche,
                       String name, String hypothesis) implements PythonRenderable {

    public Proposal {
        Objects.requireNonNull(genome, "genome");
        Objects.requireNonNull(origin, "origin");
    }

    /** The candidates this one was made from (the service records them as parent ids). */
    public List<Long> parentIds() {
        return origin.parents();
    }

    /** The Java class name of {@link #javaSource()}. */
    public String className() {
        return Naming.className(name);
    }

    /** The {@code PreferenceLoss} source the sandbox compiles. */
    public String javaSource() {
        return JavaRenderer.render(genome, className(), name + ": " + hypothesis);
    }

    /**
     * The PyTorch module for export: a function {@code loss} with DiscoPOP's arguments, as
     * {@link PythonRenderable} asks ({@code PyTorchExport.rendered} adds the candidate's header).
     */
    @Override
    public String pythonSource() {
        return PythonRenderer.module(genome, name, hypothesis);
    }

    /** What the service stores as the candidate's metadata ({@code candidate.metadata}), read back by {@link CampaignHistory}. */
    public String metadataJson() {
        return CandidateMetadata.write(this);
    }
}
