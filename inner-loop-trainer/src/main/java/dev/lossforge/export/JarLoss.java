package dev.lossforge.export;

/**
 * One loss listed in an exported JAR, as its index describes it.
 *
 * @param rank              1-based position in the index (best first in a campaign's top N)
 * @param info              what the JAR says about the candidate
 * @param className         the loss class in the JAR (in its generated package)
 * @param originalClassName the class name the candidate was written with, or null when the index does not say
 * @param source            the source the class was compiled from, as stored in the JAR
 */
public record JarLoss(int rank, CandidateInfo info, String className, String originalClassName, String source) {

    /** The class's simple name. */
    public String simpleName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** {@code name (SimpleName)}: how error messages list the losses of a JAR. */
    public String describe() {
        return info.name() + " (" + simpleName() + ")";
    }
}
