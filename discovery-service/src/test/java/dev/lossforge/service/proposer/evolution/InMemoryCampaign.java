package dev.lossforge.service.proposer.evolution;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Runs the evolutionary loop in memory against a fitness function, the way the service will:
 * baselines first, then proposals that keep {@code workers} evaluations in flight, results
 * coming back in an order of their own (drawn from {@code driverSeed}) rather than in proposal
 * order, so the engine's asynchronous paths (ES pairs completing late, proposals made while
 * their parents' siblings are still out) are exercised. For tests and experiments.
 */
public final class InMemoryCampaign {

    private final EvolutionEngine engine;
    private final FitnessFunction fitness;
    private final int workers;
    private final long driverSeed;
    private java.util.function.Consumer<CandidateRecord> listener = record -> { };

    public InMemoryCampaign(EvolutionEngine engine, FitnessFunction fitness, int workers, long driverSeed) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.engine = engine;
        this.fitness = fitness;
        this.workers = workers;
        this.driverSeed = driverSeed;
    }

    /** Called after each evaluation (baselines included), for progress output. */
    public InMemoryCampaign onEvaluated(java.util.function.Consumer<CandidateRecord> newListener) {
        this.listener = newListener;
        return this;
    }

    /**
     * The outcome of a campaign.
     *
     * @param history     every candidate, baselines first, in id order
     * @param proposals   what the engine proposed, in order (index i has id baselines + i)
     * @param bestSoFar   best fitness after each completed evaluation of a proposal (baselines count
     *                    as already done)
     * @param exhausted   whether the engine ran out of new trees before the budget
     */
    public record Result(List<CandidateRecord> history, List<Proposal> proposals, List<Double> bestSoFar,
                         boolean exhausted) {

        /** The best evaluated candidate. */
        public CandidateRecord best() {
            CandidateRecord best = null;
            for (CandidateRecord record : history) {
                if (record.hasFitness() && (best == null || record.fitness() > best.fitness())) {
                    best = record;
                }
            }
            return best;
        }

        /** The fitness of a baseline (a built-in loss evaluated first). */
        public double fitnessOf(String seedName) {
            Node tree = SeedLibrary.tree(seedName).orElseThrow();
            for (CandidateRecord record : history) {
                if (tree.equals(record.genome()) && record.hasFitness()) {
                    return record.fitness();
                }
            }
            throw new IllegalArgumentException(seedName + " was not evaluated");
        }
    }

    /**
     * @param baselines built-in losses evaluated before any proposal (as the service does), e.g. dpo
     * @param budget    proposals to evaluate beyond the baselines
     */
    public Result run(List<String> baselines, int budget) {
        SplittableRandom order = new SplittableRandom(driverSeed);
        List<CandidateRecord> history = new ArrayList<>();
        List<Proposal> proposals = new ArrayList<>();
        List<Double> bestSoFar = new ArrayList<>();
        long nextId = 1;
        double best = Double.NEGATIVE_INFINITY;
        for (String name : baselines) {
            Node tree = SeedLibrary.tree(name).orElseThrow(() ->
                    new IllegalArgumentException("baseline " + name + " has no tree"));
            CandidateRecord record = score(CandidateRecord.pending(nextId++, tree, null));
            history.add(record);
            if (record.hasFitness()) {
                best = Math.max(best, record.fitness());
            }
        }
        List<Integer> inFlight = new ArrayList<>();
        boolean exhausted = false;
        while (true) {
            while (!exhausted && inFlight.size() < workers && proposals.size() < budget) {
                List<Proposal> next = engine.propose(history, 1);
                if (next.isEmpty()) {
                    exhausted = true;
                    break;
                }
                Proposal proposal = next.get(0);
                proposals.add(proposal);
                history.add(CandidateRecord.pending(nextId++, proposal.genome(), proposal.origin()));
                inFlight.add(history.size() - 1);
            }
            if (inFlight.isEmpty()) {
                break;
            }
            int index = inFlight.remove(order.nextInt(inFlight.size()));
            CandidateRecord done = score(history.get(index));
            history.set(index, done);
            if (done.hasFitness()) {
                best = Math.max(best, done.fitness());
            }
            bestSoFar.add(best);
        }
        return new Result(List.copyOf(history), List.copyOf(proposals), List.copyOf(bestSoFar), exhausted);
    }

    private CandidateRecord score(CandidateRecord record) {
        OptionalDouble value = fitness.evaluate(record.genome());
        CandidateRecord scored = value.isPresent() && Double.isFinite(value.getAsDouble())
                ? record.evaluated(value.getAsDouble()) : record.failed();
        listener.accept(scored);
        return scored;
    }
}
