package dev.lossforge.service.proposer.evolution;

import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.sandbox.LossCompiler;
import dev.lossforge.sandbox.LossRejectedException;
import dev.lossforge.task.ResolvedTask;
import dev.lossforge.task.SeedResult;
import dev.lossforge.task.TaskRegistry;
import dev.lossforge.task.TaskRun;
import dev.lossforge.train.TrainingListener;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Fitness from a real inner loop, for the in-memory driver: the tree is rendered to Java,
 * compiled by the sandbox's {@link LossCompiler} like any candidate, and trained on a task of
 * {@link TaskRegistry} once per seed; the fitness is the mean of the task's primary fitness over
 * the seeds, empty when the source is rejected or any seed does not complete. Per-seed values
 * are kept so that paired differences against a baseline can be taken on the same seeds.
 * Single-threaded: DJL allows one gradient collector per JVM.
 */
public final class TaskFitness implements FitnessFunction {

    private final ResolvedTask task;
    private final List<Long> seeds;
    private final LossCompiler compiler = new LossCompiler();
    private final Map<Node, double[]> perSeed = new HashMap<>();
    private int rejected;
    private int incomplete;

    /**
     * @param spec      a task as the trainer names it, e.g. {@code bandit:noisy-40}
     * @param overrides settings that replace the variant's defaults (smaller runs for tests)
     * @param seeds     the seeds every tree is trained on
     */
    public TaskFitness(String spec, Map<String, ?> overrides, List<Long> seeds) {
        this.task = TaskRegistry.resolve(spec, overrides);
        this.seeds = List.copyOf(seeds);
    }

    @Override
    public synchronized OptionalDouble evaluate(Node tree) {
        PreferenceLoss loss;
        try {
            loss = compiler.compile(JavaRenderer.render(tree, "EvolvedLoss", "evaluated by TaskFitness")).newInstance();
        } catch (LossRejectedException e) {
            rejected++;
            return OptionalDouble.empty();
        }
        double[] values = run(loss);
        if (values == null) {
            incomplete++;
            return OptionalDouble.empty();
        }
        perSeed.put(tree, values);
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return OptionalDouble.of(sum / values.length);
    }

    /** The primary fitness of each seed for a loss, or {@code null} when a seed did not complete. */
    public synchronized double[] run(PreferenceLoss loss) {
        double[] values = new double[seeds.size()];
        for (int i = 0; i < values.length; i++) {
            SeedResult result = task.task().run(new TaskRun(task.variant(), task.config(), loss, seeds.get(i),
                    TrainingListener.NONE, null));
            if (!result.completed()) {
                return null;
            }
            values[i] = result.fitness();
        }
        return values;
    }

    /** Per-seed fitness of a tree evaluated before, in the order of the seeds, or {@code null}. */
    public synchronized double[] perSeed(Node tree) {
        double[] values = perSeed.get(tree);
        return values == null ? null : values.clone();
    }

    public List<Long> seeds() {
        return seeds;
    }

    /** Trees whose source the sandbox rejected. */
    public synchronized int rejected() {
        return rejected;
    }

    /** Trees with a seed that diverged, timed out or failed. */
    public synchronized int incomplete() {
        return incomplete;
    }
}
