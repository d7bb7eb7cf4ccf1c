package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.TaskRegistry;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 5 §5 in memory, as a command: an evolutionary campaign on a real task (trees rendered to
 * Java, compiled by the sandbox, trained with DJL), the campaign's baselines first, seeds 42, 13
 * and 3407, and paired differences against DPO on the same seeds. No service, no database: this
 * measures the search, not the orchestration.
 *
 * <pre>
 * java -cp ... dev.lossforge.service.proposer.evolution.BanditCampaignExperiment \
 *     [task=bandit:noisy-40] [budget=40] [seed=2024] [full=false]
 * </pre>
 * {@code full=false} runs the bandit at its CI size (96 contexts, 128 held-out, 150 steps).
 */
public final class BanditCampaignExperiment {

    public static final List<String> BASELINES = List.of("dpo", "ipo", "hinge", "robust-dpo", "lrml");
    public static final List<Long> SEEDS = List.of(42L, 13L, 3407L);
    public static final Map<String, String> CI_SIZE = Map.of("contexts", "96", "evalContexts", "128", "steps", "150",
            "evalEvery", "0");

    /**
     * What a campaign found.
     *
     * @param bestEvolved      the evolved (not seed, not baseline) candidate with the largest mean paired
     *                         difference against DPO, or {@code null} when none was evaluated
     * @param bestEvolvedDelta that difference
     * @param dpoPerSeed       DPO's fitness per seed
     * @param minutes          wall time
     */
    public record Report(InMemoryCampaign.Result result, CandidateRecord bestEvolved, double bestEvolvedDelta,
                         double[] dpoPerSeed, double minutes, int rejected, int incomplete) {
    }

    private BanditCampaignExperiment() {
    }

    public static Report run(String spec, int budget, long campaignSeed, Map<String, String> overrides, PrintStream out) {
        EvolutionConfig config = EvolutionConfig.defaults(campaignSeed).withCapabilities(
                TaskRegistry.resolve(spec, overrides).optionalInputs());
        TaskFitness fitness = new TaskFitness(spec, overrides, SEEDS);
        long start = System.nanoTime();
        int[] count = {0};
        double[] best = {Double.NEGATIVE_INFINITY};
        InMemoryCampaign campaign = new InMemoryCampaign(new EvolutionEngine(config), fitness, 3, campaignSeed)
                .onEvaluated(record -> {
                    count[0]++;
                    if (record.hasFitness()) {
                        best[0] = Math.max(best[0], record.fitness());
                    }
                    out.printf(Locale.ROOT, "%4d  %6.1f min  #%-4d %-22s %s  best %.4f%n", count[0],
                            (System.nanoTime() - start) / 6e10, record.id(),
                            record.origin() == null ? "baseline" : record.origin().operator().key(),
                            record.hasFitness() ? String.format(Locale.ROOT, "%.4f", record.fitness()) : "failed",
                            best[0]);
                    out.flush();
                });
        InMemoryCampaign.Result result = campaign.run(BASELINES, budget);
        double minutes = (System.nanoTime() - start) / 6e10;

        double[] dpo = fitness.perSeed(SeedLibrary.tree("dpo").orElseThrow());
        CandidateRecord bestEvolved = null;
        double bestDelta = Double.NEGATIVE_INFINITY;
        for (CandidateRecord r : result.history()) {
            if (r.hasFitness() && r.origin() != null && r.origin().operator() != Operator.SEED) {
                double delta = meanDelta(fitness.perSeed(r.genome()), dpo);
                if (delta > bestDelta) {
                    bestDelta = delta;
                    bestEvolved = r;
                }
            }
        }
        Report report = new Report(result, bestEvolved, bestDelta, dpo, minutes, fitness.rejected(), fitness.incomplete());
        print(report, fitness, spec, out);
        return report;
    }

    private static void print(Report report, TaskFitness fitness, String spec, PrintStream out) {
        InMemoryCampaign.Result result = report.result();
        out.printf(Locale.ROOT, "%n%s: %d baselines + %d proposals x %d seeds in %.1f min (%.0f candidates/hour);"
                        + " rejected by the sandbox %d, incomplete runs %d%n", spec, BASELINES.size(),
                result.proposals().size(), SEEDS.size(), report.minutes(),
                (BASELINES.size() + result.proposals().size()) / (report.minutes() / 60), report.rejected(),
                report.incomplete());
        out.printf(Locale.ROOT, "DPO per seed %s%n", Arrays.toString(report.dpoPerSeed()));
        List<CandidateRecord> ranked = new ArrayList<>(result.history());
        ranked.removeIf(r -> !r.hasFitness());
        ranked.sort(Comparator.comparingDouble(CandidateRecord::fitness).reversed());
        for (int i = 0; i < Math.min(8, ranked.size()); i++) {
            CandidateRecord r = ranked.get(i);
            out.printf(Locale.ROOT, "#%-4d %-22s fitness %.4f  vs DPO %+.4f  %s%n", r.id(),
                    r.origin() == null ? "baseline" : r.origin().operator().key(), r.fitness(),
                    meanDelta(fitness.perSeed(r.genome()), report.dpoPerSeed()), MathFormatter.format(r.genome()));
        }
        if (report.bestEvolved() != null) {
            out.printf(Locale.ROOT, "best evolved #%d: mean paired difference vs DPO %+.4f, per seed %s: %s%n",
                    report.bestEvolved().id(), report.bestEvolvedDelta(),
                    Arrays.toString(fitness.perSeed(report.bestEvolved().genome())),
                    MathFormatter.format(report.bestEvolved().genome()));
        }
        StringBuilder curve = new StringBuilder("best so far after each evaluated proposal:");
        for (int i = 0; i < result.bestSoFar().size(); i++) {
            curve.append(String.format(Locale.ROOT, " %.4f", result.bestSoFar().get(i)));
        }
        out.println(curve);
    }

    static double meanDelta(double[] candidate, double[] dpo) {
        double sum = 0;
        for (int i = 0; i < dpo.length; i++) {
            sum += candidate[i] - dpo[i];
        }
        return sum / dpo.length;
    }

    public static void main(String[] args) {
        String task = "bandit:noisy-40";
        int budget = 40;
        long seed = 2024;
        boolean full = false;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2) {
                System.err.println("expected key=value, got '" + arg + "' (keys: task, budget, seed, full)");
                System.exit(2);
            }
            switch (kv[0]) {
                case "task" -> task = kv[1];
                case "budget" -> budget = Integer.parseInt(kv[1]);
                case "seed" -> seed = Long.parseLong(kv[1]);
                case "full" -> full = Boolean.parseBoolean(kv[1]);
                default -> {
                    System.err.println("unknown key '" + kv[0] + "' (keys: task, budget, seed, full)");
                    System.exit(2);
                }
            }
        }
        Report report = run(task, budget, seed, full ? Map.of() : CI_SIZE, System.out);
        System.exit(report.bestEvolved() != null && report.bestEvolvedDelta() > 0 ? 0 : 1);
    }
}
