package dev.lossforge.service.proposer.evolution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Antithetic Gaussian evolution strategy over the constants of one tree family (as MPO tunes its
 * objectives), asynchronous: a pair of candidates centre ± σ·z is proposed whenever the engine
 * picks this run, and the mean moves as soon as both members of a pair have come back, whatever
 * other pairs are still out. No generation barrier.
 *
 * <p>Search space: a REAL constant c is searched as c / s with s = max(|c₀|, 0.1) fixed at the
 * start, a POSITIVE one as ln c; so σ = 0.3 moves a real constant by about 30% and scales a
 * temperature by about e^{±0.3}. Update per completed pair, with d = f₊ − f₋ and S the mean |d|
 * over the run's completed pairs: μ ← μ + η·σ·(d/S)·z, a step of about σ towards the better
 * twin whatever the scale of the fitness. A member that failed counts with the campaign's worst
 * fitness. σ shrinks by 0.9 per completed pair, to at least 0.05. A run whose first completed
 * pair shows no difference (|d| at most 0.1% of the campaign's fitness range: the constants do
 * not matter to this task, as a margin too small to move a logit) stops, so that its budget goes
 * to families where they do.
 *
 * <p>The state is rebuilt from the history every time ({@link #replay}), in pair order, so it is a
 * function of what the service stores.
 */
final class EsRun {

    static final double SIGMA_DECAY = 0.9;
    static final double SIGMA_FLOOR = 0.05;
    /** A centre candidate is proposed after every this many completed pairs. */
    static final int CENTER_EVERY = 3;

    final String key;
    final long baseId;
    final Node baseTree;
    private final ConstKind[] kinds;
    private final double[] scales;
    private double[] mu;
    private int completed;
    private final List<Double> absoluteDifferences = new ArrayList<>();
    private final Map<Integer, CandidateRecord> plus = new TreeMap<>();
    private final Map<Integer, CandidateRecord> minus = new TreeMap<>();
    private final List<Integer> centers = new ArrayList<>();
    private boolean stalled;

    EsRun(String key, long baseId, Node baseTree) {
        this.key = key;
        this.baseId = baseId;
        this.baseTree = baseTree;
        List<ConstNode> constants = Trees.constants(baseTree);
        kinds = new ConstKind[constants.size()];
        scales = new double[constants.size()];
        mu = new double[constants.size()];
        for (int i = 0; i < kinds.length; i++) {
            ConstNode c = constants.get(i);
            kinds[i] = c.kind();
            scales[i] = Math.max(Math.abs(c.value()), 0.1);
        }
        mu = toSearch(constants.stream().mapToDouble(ConstNode::value).toArray());
    }

    /** The family key: the tree's shape with constants abstracted. */
    static String keyOf(Node tree) {
        return Trees.structure(tree, true);
    }

    void register(CandidateRecord record) {
        EsTag tag = record.origin().es();
        switch (record.origin().operator()) {
            case ES_PLUS -> plus.put(tag.pair(), record);
            case ES_MINUS -> minus.put(tag.pair(), record);
            case ES_CENTER -> centers.add(tag.pair());
            default -> throw new IllegalArgumentException("not an evolution-strategy candidate");
        }
    }

    /**
     * Applies every completed pair, in pair order; {@code worst} stands in for a failed member,
     * {@code fitnessRange} (best minus worst of the campaign) judges whether a pair saw a difference.
     */
    void replay(double worst, double fitnessRange, double learningRate) {
        for (Map.Entry<Integer, CandidateRecord> entry : plus.entrySet()) {
            CandidateRecord p = entry.getValue();
            CandidateRecord m = minus.get(entry.getKey());
            if (m == null || p.status() == CandidateRecord.Status.PENDING
                    || m.status() == CandidateRecord.Status.PENDING) {
                continue;
            }
            double fPlus = p.hasFitness() ? p.fitness() : worst;
            double fMinus = m.hasFitness() ? m.fitness() : worst;
            double d = fPlus - fMinus;
            absoluteDifferences.add(Math.abs(d));
            completed++;
            if (completed == 1 && Math.abs(d) <= 1e-3 * fitnessRange) {
                stalled = true;
            }
            double s = absoluteDifferences.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            if (s > 0 && d != 0) {
                EsTag tag = p.origin().es();
                double[] z = tag.noise();
                for (int i = 0; i < mu.length; i++) {
                    mu[i] += learningRate * tag.sigma() * (d / s) * z[i];
                }
            }
        }
    }

    int pairsProposed() {
        return plus.size();
    }

    /** Whether the first pair showed that this family's constants make no difference. */
    boolean stalled() {
        return stalled;
    }

    int pairsCompleted() {
        return completed;
    }

    /** A pair whose + member is out but whose − member is not yet proposed, or -1. */
    int openPair() {
        for (Integer pair : plus.keySet()) {
            if (!minus.containsKey(pair)) {
                return pair;
            }
        }
        return -1;
    }

    CandidateRecord plusMember(int pair) {
        return plus.get(pair);
    }

    /** Whether a centre candidate is due: a multiple of CENTER_EVERY pairs completed and not yet proposed. */
    boolean centerDue() {
        return completed > 0 && completed % CENTER_EVERY == 0 && !centers.contains(completed);
    }

    boolean hasConstants() {
        return mu.length > 0;
    }

    double sigma(double initial) {
        return Math.max(SIGMA_FLOOR, initial * Math.pow(SIGMA_DECAY, completed));
    }

    double[] mean() {
        return mu.clone();
    }

    /** The family member with constants at {@code point} in search space. */
    Node at(double[] point) {
        return Trees.withConstants(baseTree, fromSearch(point));
    }

    double[] toSearch(double[] constants) {
        double[] out = new double[constants.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = kinds[i] == ConstKind.POSITIVE ? Math.log(constants[i]) : constants[i] / scales[i];
        }
        return out;
    }

    double[] fromSearch(double[] point) {
        double[] out = new double[point.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = kinds[i] == ConstKind.POSITIVE ? Math.exp(point[i]) : point[i] * scales[i];
        }
        return out;
    }
}
