package dev.lossforge.service.proposer.evolution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The evolutionary proposer's algorithm, with no Spring and no database: given the campaign's
 * history it proposes the next trees.
 *
 * <p><b>Determinism.</b> The engine keeps no state between calls (only a cache). Each proposal
 * is a function of the campaign seed and the history at the time: the random stream of the
 * k-th candidate of a campaign is seeded by (seed, k), and the archive and the evolution-strategy
 * runs are rebuilt from the history in candidate order. So the same seed and the same history
 * give the same proposals, and a restarted service that reads the history back from Postgres
 * (genomes and origins from {@link CandidateMetadata}) proposes exactly what it would have.
 * Asking for n proposals in one call equals n calls that each see the previous proposals as
 * pending.
 *
 * <p><b>What it proposes, in priority order.</b> (1) The other half of an evolution-strategy
 * pair whose first half is out. (2) Seeds: the built-in losses as trees, those not yet in the
 * campaign. (3) With probability {@code esProbability}, once trees with constants have a
 * fitness: a centre or a new antithetic pair of the strategy over the constants of one of the
 * best families ({@link EsRun}). (4) A variation (subtree mutation, point mutation, constant
 * perturbation, crossover, hoist, shrink, random immigrant) of parents drawn by tournament among
 * the MAP-Elites niche elites ({@link Archive}); (5) failing that, a random tree. Every tree is
 * simplified, must pass {@link TypeRules} and {@link Behaviour#viability}, and must have a
 * canonical form no candidate of the campaign has.
 */
public final class EvolutionEngine {

    private static final int CACHE_LIMIT = 50_000;
    private static final int ES_DRAWS = 5;

    private final EvolutionConfig config;
    private final Variation variation;
    private final Map<Node, Derived> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Node, Derived> eldest) {
            return size() > CACHE_LIMIT;
        }
    };

    /** What the engine computes once per tree. */
    private record Derived(String key, String hash, Optional<String> violation, BehaviourDescriptor descriptor) {
    }

    public EvolutionEngine(EvolutionConfig config) {
        this.config = config;
        this.variation = new Variation(config);
    }

    public EvolutionConfig config() {
        return config;
    }

    /**
     * @param history every candidate of the campaign so far, in candidate-id order
     * @param count   how many proposals are wanted
     * @return up to {@code count} proposals; fewer only when no new viable tree was found
     */
    public synchronized List<Proposal> propose(List<CandidateRecord> history, int count) {
        List<CandidateRecord> working = new ArrayList<>(history);
        List<Proposal> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Optional<Proposal> next = proposeOne(working);
            if (next.isEmpty()) {
                break;
            }
            out.add(next.get());
            // placeholder ids are negative: never a parent, never an evolution-strategy base
            working.add(CandidateRecord.pending(-1L - i, next.get().genome(), next.get().origin()));
        }
        return out;
    }

    /** How the search stands: occupied niches and their elites (for reports and tests). */
    public synchronized Snapshot snapshot(List<CandidateRecord> history) {
        State state = new State(history);
        List<Snapshot.Elite> elites = new ArrayList<>();
        for (Archive.Elite elite : state.archive.elites()) {
            elites.add(new Snapshot.Elite(elite.niche(), elite.id(), elite.fitness()));
        }
        Map<String, Integer> pairs = new TreeMap<>();
        for (EsRun run : state.runs.values()) {
            pairs.put(run.key, run.pairsCompleted());
        }
        return new Snapshot(elites, pairs);
    }

    /** Occupied niches with their best candidates, and completed ES pairs per tree family. */
    public record Snapshot(List<Elite> elites, Map<String, Integer> esPairsCompleted) {
        public record Elite(String niche, long id, double fitness) {
        }
    }

    /** The proposal built for a tree, with its canonical form, niche, name and hypothesis. */
    public Proposal describe(Node tree, Origin origin) {
        return describe(tree, origin, Set.of());
    }

    private Proposal describe(Node tree, Origin origin, Set<String> takenNames) {
        Derived derived = derive(tree);
        return new Proposal(tree, origin, derived.key, derived.hash, derived.descriptor.niche(),
                Naming.unique(tree, origin, derived.hash, takenNames), Naming.hypothesis(origin, derived.descriptor));
    }

    /** Why a tree would not be proposed in this campaign (grammar or viability), or empty. */
    public Optional<String> violation(Node tree) {
        return derive(tree).violation;
    }

    private Optional<Proposal> proposeOne(List<CandidateRecord> history) {
        State state = new State(history);
        SplittableRandom random = new SplittableRandom(mix(config.seed(), history.size()));

        Optional<Proposal> open = openPairHalf(state);
        if (open.isPresent()) {
            return open;
        }
        for (SeedLibrary.Seed seed : config.seeds()) {
            Derived derived = derive(seed.tree());
            if (!state.keys.contains(derived.key) && derived.violation.isEmpty()) {
                return Optional.of(describe(seed.tree(), Origin.seed(seed.name()), state.names));
            }
        }
        if (random.nextDouble() < config.esProbability()) {
            Optional<Proposal> es = evolutionStrategy(state, random);
            if (es.isPresent()) {
                return es;
            }
        }
        for (int attempt = 0; attempt < config.attempts(); attempt++) {
            Optional<Proposal> child = vary(state, random);
            if (child.isPresent()) {
                return child;
            }
        }
        for (int attempt = 0; attempt < config.attempts(); attempt++) {
            Node tree = Simplifier.simplify(variation.randomTree(random, 2 + random.nextInt(4)));
            if (acceptable(state, tree)) {
                return Optional.of(describe(tree, Origin.of(Operator.RANDOM, List.of()), state.names));
            }
        }
        return Optional.empty();
    }

    private Optional<Proposal> openPairHalf(State state) {
        for (EsRun run : state.runs.values()) {
            int pair = run.openPair();
            if (pair < 0) {
                continue;
            }
            EsTag tag = run.plusMember(pair).origin().es();
            double[] point = tag.center();
            double[] z = tag.noise();
            for (int i = 0; i < point.length; i++) {
                point[i] -= tag.sigma() * z[i];
            }
            Node tree = run.at(point);
            if (acceptable(state, tree)) {
                return Optional.of(describe(tree, Origin.es(Operator.ES_MINUS, run.baseId, tag), state.names));
            }
        }
        return Optional.empty();
    }

    private Optional<Proposal> evolutionStrategy(State state, SplittableRandom random) {
        List<CandidateRecord> ranked = new ArrayList<>();
        for (CandidateRecord record : state.evaluated) {
            if (record.genome() != null && !Trees.constants(record.genome()).isEmpty()) {
                ranked.add(record);
            }
        }
        ranked.sort(Comparator.comparingDouble(CandidateRecord::fitness).reversed()
                .thenComparingLong(CandidateRecord::id));
        Set<String> families = new HashSet<>();
        for (CandidateRecord record : ranked) {
            String key = EsRun.keyOf(record.genome());
            if (!families.add(key)) {
                continue;
            }
            if (families.size() > config.esTopTrees()) {
                break;
            }
            EsRun run = state.runs.get(key);
            if (run == null) {
                run = new EsRun(key, record.id(), record.genome());
            }
            if (run.centerDue()) {
                double[] mean = run.mean();
                Node tree = run.at(mean);
                if (acceptable(state, tree)) {
                    EsTag tag = new EsTag(key, run.baseId, run.pairsCompleted(), mean, new double[0],
                            run.sigma(config.esSigma()));
                    return Optional.of(describe(tree, Origin.es(Operator.ES_CENTER, run.baseId, tag), state.names));
                }
            }
            if (run.pairsProposed() >= config.esPairsPerRun() || run.stalled()) {
                continue;
            }
            double sigma = run.sigma(config.esSigma());
            double[] center = run.mean();
            for (int draw = 0; draw < ES_DRAWS; draw++) {
                double[] z = new double[center.length];
                double[] up = new double[center.length];
                double[] down = new double[center.length];
                for (int i = 0; i < z.length; i++) {
                    z[i] = random.nextGaussian();
                    up[i] = center[i] + sigma * z[i];
                    down[i] = center[i] - sigma * z[i];
                }
                Node plus = run.at(up);
                Node minus = run.at(down);
                if (acceptable(state, plus) && acceptable(state, minus)
                        && !derive(plus).key.equals(derive(minus).key)) {
                    EsTag tag = new EsTag(key, run.baseId, run.pairsProposed(), center, z, sigma);
                    return Optional.of(describe(plus, Origin.es(Operator.ES_PLUS, run.baseId, tag), state.names));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Proposal> vary(State state, SplittableRandom random) {
        double[] weights = config.operatorWeights();
        for (Operator op : Operator.values()) {
            if (op == Operator.SEED || op.isEvolutionStrategy()) {
                weights[op.ordinal()] = 0;
            }
        }
        Operator op = Operator.values()[Variation.pick(random, weights)];
        if (op == Operator.RANDOM) {
            Node tree = Simplifier.simplify(variation.randomTree(random, 2 + random.nextInt(4)));
            return acceptable(state, tree)
                    ? Optional.of(describe(tree, Origin.of(Operator.RANDOM, List.of()), state.names)) : Optional.empty();
        }
        Parent first = parent(state, random);
        if (first == null) {
            return Optional.empty();
        }
        List<Long> parents = new ArrayList<>(List.of(first.id));
        Node child = switch (op) {
            case SUBTREE_MUTATION -> variation.subtreeMutation(random, first.tree);
            case POINT_MUTATION -> variation.pointMutation(random, first.tree);
            case CONSTANT_PERTURBATION -> variation.constantPerturbation(random, first.tree);
            case HOIST -> variation.hoist(random, first.tree);
            case SHRINK -> variation.shrink(random, first.tree);
            case CROSSOVER -> {
                Parent second = parent(state, random);
                if (second == null || second.id == first.id) {
                    yield null;
                }
                parents.add(second.id);
                yield variation.crossover(random, first.tree, second.tree);
            }
            default -> throw new IllegalStateException("not a tree variation: " + op);
        };
        if (child == null) {
            return Optional.empty();
        }
        child = Simplifier.simplify(child);
        if (!acceptable(state, child)) {
            return Optional.empty();
        }
        return Optional.of(describe(child, Origin.of(op, parents), state.names));
    }

    private record Parent(long id, Node tree) {
    }

    /** A tournament among niche elites; before any fitness, any stored tree uniformly. */
    private Parent parent(State state, SplittableRandom random) {
        if (!state.archive.isEmpty()) {
            Archive.Elite elite = state.archive.tournament(random, config.tournamentSize());
            return new Parent(elite.id(), elite.tree());
        }
        if (state.stored.isEmpty()) {
            return null;
        }
        CandidateRecord record = state.stored.get(random.nextInt(state.stored.size()));
        return new Parent(record.id(), record.genome());
    }

    private boolean acceptable(State state, Node tree) {
        Derived derived = derive(tree);
        return derived.violation.isEmpty() && !state.keys.contains(derived.key);
    }

    private Derived derive(Node tree) {
        Derived cached = cache.get(tree);
        if (cached != null) {
            return cached;
        }
        CanonicalForm canonical = CanonicalForm.of(tree);
        Optional<String> violation = TypeRules.violation(tree, config.capabilities(), config.maxSize(),
                config.maxDepth());
        if (violation.isEmpty()) {
            violation = Behaviour.viability(tree, config.beta());
        }
        BehaviourDescriptor descriptor = Behaviour.describe(tree, config.beta());
        Derived derived = new Derived(canonical.key(), canonical.hash(), violation, descriptor);
        cache.put(tree, derived);
        return derived;
    }

    /** The search state, rebuilt from the history. */
    private final class State {

        final Set<String> keys = new HashSet<>();
        final Archive archive = new Archive();
        final Map<String, EsRun> runs = new TreeMap<>();
        final List<CandidateRecord> evaluated = new ArrayList<>();
        /** Candidates with a tree and a real id (not this call's placeholders). */
        final List<CandidateRecord> stored = new ArrayList<>();
        /** Names of the engine's own candidates, as they were given (in history order). */
        final Set<String> names = new HashSet<>();

        State(List<CandidateRecord> history) {
            Map<Long, CandidateRecord> byId = new HashMap<>();
            double worst = Double.POSITIVE_INFINITY;
            double best = Double.NEGATIVE_INFINITY;
            for (CandidateRecord record : history) {
                byId.put(record.id(), record);
                if (record.hasFitness()) {
                    worst = Math.min(worst, record.fitness());
                    best = Math.max(best, record.fitness());
                }
                if (record.genome() == null) {
                    continue;
                }
                Derived derived = derive(record.genome());
                keys.add(derived.key);
                if (record.origin() != null) {
                    names.add(Naming.unique(record.genome(), record.origin(), derived.hash, names));
                }
                if (record.id() >= 0) {
                    stored.add(record);
                }
                if (record.hasFitness() && record.id() >= 0) {
                    evaluated.add(record);
                    archive.offer(record.id(), record.genome(), record.fitness(), derived.descriptor.niche());
                }
            }
            for (CandidateRecord record : history) {
                if (record.origin() == null || record.origin().es() == null) {
                    continue;
                }
                EsTag tag = record.origin().es();
                CandidateRecord base = byId.get(tag.base());
                if (base == null || base.genome() == null) {
                    continue; // a history that lost the base cannot replay this run; the rest still can
                }
                runs.computeIfAbsent(tag.run(), key -> new EsRun(key, tag.base(), base.genome())).register(record);
            }
            double stand = Double.isInfinite(worst) ? 0.0 : worst;
            double range = Double.isInfinite(worst) ? 0.0 : best - worst;
            for (EsRun run : runs.values()) {
                run.replay(stand, range, config.esLearningRate());
            }
        }
    }

    /** SplitMix64 of the seed and the candidate's position: independent streams per position. */
    static long mix(long seed, long position) {
        long z = seed + 0x9E3779B97F4A7C15L * (position + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
