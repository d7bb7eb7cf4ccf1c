package dev.lossforge.cli;

import dev.lossforge.stats.Stats;
import dev.lossforge.task.CurvePoint;
import dev.lossforge.task.EvalPoint;
import dev.lossforge.task.Evaluation;
import dev.lossforge.task.EvaluationReport;
import dev.lossforge.task.InvalidTaskException;
import dev.lossforge.task.ResolvedTask;
import dev.lossforge.task.SeedResult;
import dev.lossforge.task.TaskRegistry;
import dev.lossforge.train.Progress;
import dev.lossforge.train.TrainingListener;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code evaluate --task TASK[:VARIANT] --loss NAME|FILE.java [--seeds 42,13,3407]
 * [--set key=value ...] [--json OUT] [--cache-dir DIR]}: trains with the loss on each seed and
 * prints one JSON document (per-seed results, per-metric mean and 95% interval, the fitness);
 * progress goes to stderr. {@code --json OUT} also writes the document to OUT.
 */
final class EvaluateCommand implements Command {

    private static final Set<String> OPTIONS = Set.of("task", "loss", "seeds", "set", "json", "cache-dir");

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "train with a loss on a task over seeds: evaluate --task bandit:clean --loss dpo [--seeds 42,13,3407] [--set key=value]";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args args = Args.parse(argv, Set.of()).allowOnly(OPTIONS);
        String taskSpec = args.required("task");
        String lossText = args.required("loss");
        List<Long> seeds = seeds(args.optional("seeds", null));
        Map<String, String> overrides = overrides(args.all("set"));
        Path json = args.optional("json", null) == null ? null : Path.of(args.optional("json", null));
        Path cacheDir = args.optional("cache-dir", null) == null ? null : Path.of(args.optional("cache-dir", null));

        ResolvedTask task;
        try {
            task = TaskRegistry.resolve(taskSpec, overrides);
        } catch (InvalidTaskException e) {
            throw new CliException(e.getMessage());
        }
        LossArgument loss = LossArgument.resolve(lossText);
        if (json != null && json.getParent() != null && !Files.isDirectory(json.getParent())) {
            throw new CliException("cannot write --json " + json + ": directory " + json.getParent() + " does not exist");
        }

        err.printf(Locale.ROOT, "evaluating %s on %s with seeds %s%n", loss.label(), task.spec(), seeds);
        EvaluationReport report;
        try {
            report = Evaluation.run(task, loss.loss(), seeds, seed -> new StderrProgress(err, seed), cacheDir,
                    r -> err.printf(Locale.ROOT, "seed %d: %s, %s = %s, %.2f s%s%n", r.seed(), r.status(),
                            task.task().primaryMetric(), number(r.fitness()), r.wallSeconds(),
                            r.message() == null ? "" : " (" + r.message() + ")"));
        } catch (InvalidTaskException e) {
            // found only when the run starts: a jsonl file that is missing or has a malformed line
            throw new CliException(e.getMessage());
        }
        Stats.Summary fitness = report.fitness();
        err.printf(Locale.ROOT, "%s: %s = %s ± %s (95%% CI, %d of %d seeds completed)%n", loss.label(),
                report.primaryMetric(), number(fitness.mean()), number(fitness.ciHalfWidth()),
                report.completedSeeds(), seeds.size());

        String document = CliJson.MAPPER.writeValueAsString(toJson(report, loss.label()));
        if (json != null) {
            Files.writeString(json, document + System.lineSeparator(), StandardCharsets.UTF_8);
        }
        out.println(document);
        return 0;
    }

    static List<Long> seeds(String text) {
        if (text == null) {
            return Evaluation.DEFAULT_SEEDS;
        }
        List<Long> seeds = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            try {
                seeds.add(Long.parseLong(part.trim()));
            } catch (NumberFormatException e) {
                throw new CliException("option --seeds must be comma-separated whole numbers, got '" + text + "'");
            }
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw new CliException("option --seeds names a seed twice: '" + text + "'");
        }
        return seeds;
    }

    static Map<String, String> overrides(List<String> sets) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new CliException("option --set needs key=value, got '" + set + "'");
            }
            String key = set.substring(0, eq).trim();
            if (overrides.put(key, set.substring(eq + 1)) != null) {
                throw new CliException("option --set gives '" + key + "' more than once");
            }
        }
        return overrides;
    }

    static ObjectNode toJson(EvaluationReport report, String lossLabel) {
        ObjectNode root = CliJson.object();
        root.put("task", report.task());
        root.put("variant", report.variant());
        root.put("loss", lossLabel);
        root.put("primaryMetric", report.primaryMetric());
        ObjectNode config = root.putObject("config");
        report.config().forEach((key, value) -> config.putPOJO(key, value));
        ObjectNode fitness = root.putObject("fitness");
        fitness.put("metric", report.primaryMetric());
        putSummary(fitness, report.fitness());
        root.put("completedSeeds", report.completedSeeds());
        root.put("wallSeconds", report.wallSeconds());
        ObjectNode metrics = root.putObject("metrics");
        report.metrics().forEach((name, summary) -> putSummary(metrics.putObject(name), summary));
        ArrayNode seeds = root.putArray("seeds");
        for (SeedResult r : report.seeds()) {
            ObjectNode seed = seeds.addObject();
            seed.put("seed", r.seed());
            seed.put("status", r.status().name());
            if (r.message() != null) {
                seed.put("message", r.message());
            }
            seed.put("fitness", r.fitness());
            seed.put("wallSeconds", r.wallSeconds());
            ObjectNode m = seed.putObject("metrics");
            new TreeMap<>(r.metrics()).forEach(m::put);
            ArrayNode evaluations = seed.putArray("evaluations");
            for (EvalPoint point : r.evaluations()) {
                ObjectNode e = evaluations.addObject();
                e.put("step", point.step());
                ObjectNode values = e.putObject("metrics");
                new TreeMap<>(point.metrics()).forEach(values::put);
            }
            ArrayNode curve = seed.putArray("trainingCurve");
            for (CurvePoint point : r.trainingCurve()) {
                curve.addObject().put("step", point.step()).put("loss", point.loss())
                        .put("gradientNorm", point.gradientNorm());
            }
        }
        return root;
    }

    private static void putSummary(ObjectNode node, Stats.Summary s) {
        node.put("n", s.n());
        node.put("mean", s.mean());
        node.put("sd", s.standardDeviation());
        node.put("ci95", s.ciHalfWidth());
        node.put("ciLow", s.ciLow());
        node.put("ciHigh", s.ciHigh());
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** Progress lines of one seed on stderr. */
    private static final class StderrProgress implements TrainingListener {
        private final PrintStream err;
        private final long seed;

        StderrProgress(PrintStream err, long seed) {
            this.err = err;
            this.seed = seed;
        }

        @Override
        public void onProgress(Progress p) {
            err.printf(Locale.ROOT, "seed %d: %s step %d/%d loss %.4f (%.1f steps/s)%n", seed, p.phase(), p.step(),
                    p.totalSteps(), p.loss(), p.stepsPerSecond());
        }

        @Override
        public void onEvaluation(int step, Map<String, Double> metrics) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "seed %d: eval at step %d:", seed, step));
            new TreeMap<>(metrics).forEach((k, v) -> line.append(' ').append(k).append('=').append(number(v)));
            err.println(line);
        }
    }
}
