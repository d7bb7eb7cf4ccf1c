package dev.lossforge.service.proposer.evolution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The MAP-Elites archive: the best evaluated tree of each behaviour niche. Parents are drawn by
 * tournament among niche elites, so a family that dominates the leaderboard still gets one
 * ticket per niche it occupies, not one per member.
 */
final class Archive {

    /** A niche's best tree. */
    record Elite(long id, Node tree, double fitness, String niche) {
    }

    private final Map<String, Elite> byNiche = new TreeMap<>();

    void offer(long id, Node tree, double fitness, String niche) {
        Elite current = byNiche.get(niche);
        // ties go to the smaller tree (parsimony), then to the earlier candidate
        if (current == null || fitness > current.fitness
                || fitness == current.fitness && tree.size() < current.tree.size()) {
            byNiche.put(niche, new Elite(id, tree, fitness, niche));
        }
    }

    List<Elite> elites() {
        return new ArrayList<>(byNiche.values());
    }

    int niches() {
        return byNiche.size();
    }

    boolean isEmpty() {
        return byNiche.isEmpty();
    }

    /** The best of {@code size} elites drawn without replacement (all of them when fewer). */
    Elite tournament(SplittableRandom random, int size) {
        List<Elite> pool = elites();
        Elite best = null;
        for (int i = 0; i < Math.min(size, pool.size()); i++) {
            Elite drawn = pool.remove(random.nextInt(pool.size()));
            if (best == null || drawn.fitness > best.fitness
                    || drawn.fitness == best.fitness && drawn.tree.size() < best.tree.size()) {
                best = drawn;
            }
        }
        return best;
    }
}
