package dev.lossforge.service.proposer.evolution;

import java.util.Arrays;
import java.util.Objects;

/**
 * What an evolution-strategy candidate needs to be replayed: its run, which pair it belongs to,
 * and the search-space centre, noise and step size it was drawn with.
 *
 * @param run    the run's key: the shape of the tree family (constants abstracted)
 * @param base   the candidate whose constants started the run
 * @param pair   the pair's index in its run (for a centre candidate: completed pairs at the time)
 * @param center the mean in search space when the pair was drawn
 * @param noise  the standard normal direction (empty for a centre candidate)
 * @param sigma  the step size the pair was drawn with
 */
public record EsTag(String run, long base, int pair, double[] center, double[] noise, double sigma) {

    public EsTag {
        Objects.requireNonNull(run, "run");
        center = center.clone();
        noise = noise.clone();
    }

    @Override
    public double[] center() {
        return center.clone();
    }

    @Override
    public double[] noise() {
        return noise.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EsTag t && t.run.equals(run) && t.base == base && t.pair == pair
                && Arrays.equals(t.center, center) && Arrays.equals(t.noise, noise)
                && Double.compare(t.sigma, sigma) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(run, base, pair, Arrays.hashCode(center), Arrays.hashCode(noise), sigma);
    }

    @Override
    public String toString() {
        return "EsTag[run=" + run + ", base=" + base + ", pair=" + pair + ", center=" + Arrays.toString(center)
                + ", noise=" + Arrays.toString(noise) + ", sigma=" + sigma + "]";
    }
}
