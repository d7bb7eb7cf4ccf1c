package dev.lossforge.task;

import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.stats.Stats;
import dev.lossforge.train.TrainingListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Evaluates one loss on one task over several seeds, one after the other, and aggregates the
 * results: what the {@code evaluate} command, the worker and the service share.
 */
public final class Evaluation {

    /** The seeds used when a caller names none. */
    public static final List<Long> DEFAULT_SEEDS = List.of(42L, 13L, 3407L);

    private Evaluation() {
    }

    /**
     * @param task      the task, variant and configuration
     * @param loss      the loss (the same instance serves every seed)
     * @param seeds     distinct seeds, run in this order
     * @param listeners a listener per seed (progress out, stop requests in)
     * @param cacheDir  where tasks cache references, or {@code null} for each task's default
     */
    public static EvaluationReport run(ResolvedTask task, PreferenceLoss loss, List<Long> seeds,
                                       LongFunction<TrainingListener> listeners, Path cacheDir) {
        return run(task, loss, seeds, listeners, cacheDir, result -> { });
    }

    /** As {@link #run(ResolvedTask, PreferenceLoss, List, LongFunction, Path)}, telling {@code onSeed} of each seed as it ends. */
    public static EvaluationReport run(ResolvedTask task, PreferenceLoss loss, List<Long> seeds,
                                       LongFunction<TrainingListener> listeners, Path cacheDir,
                                       Consumer<SeedResult> onSeed) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds to run");
        }
        if (new LinkedHashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException("seeds repeat: " + seeds);
        }
        long start = System.nanoTime();
        List<SeedResult> results = new ArrayList<>();
        for (long seed : seeds) {
            TrainingListener listener = listeners == null ? TrainingListener.NONE : listeners.apply(seed);
            SeedResult result = task.task().run(new TaskRun(task.variant(), task.config(), loss, seed,
                    listener == null ? TrainingListener.NONE : listener, cacheDir));
            results.add(result);
            onSeed.accept(result);
        }
        return aggregate(task, results, (System.nanoTime() - start) / 1e9);
    }

    /** Aggregates results gathered elsewhere (by workers, say) into a report. */
    public static EvaluationReport aggregate(ResolvedTask task, List<SeedResult> results, double wallSeconds) {
        List<SeedResult> completed = results.stream().filter(SeedResult::completed).toList();
        Set<String> names = new LinkedHashSet<>();
        completed.forEach(r -> names.addAll(orderedKeys(r.metrics(), task.task().primaryMetric())));
        Map<String, Stats.Summary> metrics = new LinkedHashMap<>();
        for (String name : names) {
            metrics.put(name, Stats.summarize(completed.stream()
                    .filter(r -> r.metrics().containsKey(name))
                    .mapToDouble(r -> r.metrics().get(name)).toArray()));
        }
        Stats.Summary fitness = Stats.summarize(completed.stream().mapToDouble(SeedResult::fitness).toArray());
        return new EvaluationReport(task.task().name(), task.variant(), task.config().asMap(),
                task.task().primaryMetric(), results, Collections.unmodifiableMap(metrics), fitness,
                completed.size(), wallSeconds);
    }

    /** The primary metric first, then the rest by name (metric maps are unordered). */
    private static List<String> orderedKeys(Map<String, Double> metrics, String primary) {
        List<String> keys = new ArrayList<>(new java.util.TreeSet<>(metrics.keySet()));
        if (keys.remove(primary)) {
            keys.add(0, primary);
        }
        return keys;
    }
}
