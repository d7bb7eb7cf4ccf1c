package dev.lossforge.service.proposer.evolution;

import java.util.Locale;

/**
 * The shape of a loss along ρ, coarse enough that it sorts trees into a few dozen niches
 * (MAP-Elites): what each tail does, convexity, monotonicity and the slope at ρ = 0.
 *
 * <p>Measured by {@link Behaviour#describe} on the curve h_w = ρ/2, h_l = −ρ/2 (references 0,
 * lengths 1, soft label 1, rewards 1 and 0) over x = βρ in [−12, 12]: the chosen response gains
 * what the rejected loses, so losses written in h_w alone and those in h_l alone are both seen.
 *
 * @param rightTail  what the loss does as ρ → +∞ (pairs already ranked right): FLAT = stops
 *                   pushing (DPO, hinge), FALLING = keeps pushing, RISING = pulls ρ back (IPO)
 * @param leftTail   what it does as ρ → −∞ (pairs ranked wrong, or mislabelled): RISING = the
 *                   penalty keeps growing (DPO), FLAT = gives up on them (sigmoid losses, robust
 *                   to flipped labels), FALLING = lets them go further
 * @param convex     convex in ρ on the grid
 * @param monotone   never increasing in ρ on the grid
 * @param slope      |d loss / d(βρ)| at 0, bucketed: GENTLE below 0.25, MODERATE to 1.5 (DPO 0.5,
 *                   hinge 1), STEEP above
 */
public record BehaviourDescriptor(Tail rightTail, Tail leftTail, boolean convex, boolean monotone, Slope slope) {

    public enum Tail { FLAT, FALLING, RISING }

    public enum Slope { GENTLE, MODERATE, STEEP }

    /** The niche key, e.g. {@code R-flat.L-rising.convex.monotone.moderate}. */
    public String niche() {
        return "R-" + lower(rightTail) + ".L-" + lower(leftTail) + "." + (convex ? "convex" : "nonconvex") + "."
                + (monotone ? "monotone" : "nonmonotone") + "." + lower(slope);
    }

    /** The shape in words, for hypotheses: "bounded as ρ → +∞, growing as ρ → −∞, convex, …". */
    public String inWords() {
        String right = switch (rightTail) {
            case FLAT -> "saturates for pairs already ranked right";
            case FALLING -> "keeps pushing pairs already ranked right";
            case RISING -> "pulls large margins back";
        };
        String left = switch (leftTail) {
            case RISING -> "penalises misranked pairs without bound";
            case FLAT -> "gives up on badly misranked (possibly mislabelled) pairs";
            case FALLING -> "lets badly misranked pairs go";
        };
        return right + ", " + left + ", " + (convex ? "convex" : "non-convex") + ", "
                + (monotone ? "monotone" : "non-monotone") + ", with a " + lower(slope) + " slope at ρ = 0";
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
