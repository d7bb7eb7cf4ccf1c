package dev.lossforge.service.proposer.evolution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5 §5 in memory: an evolutionary campaign on the real {@code bandit} task (trees rendered to
 * Java, compiled by the sandbox, trained with DJL), baselines first, three seeds, and the paired
 * difference of the best evolved candidate against DPO on the same seeds. Minutes, not CI-sized:
 * run it on purpose with
 * <pre>
 * mvn -B -o -pl discovery-service -am test -Dtest=BanditCampaignBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dlossforge.evolution.benchmark=true [-Dlossforge.evolution.task=bandit:noisy-40] [-Dlossforge.evolution.budget=40]
 * </pre>
 * It prints the best-so-far curve and the leaders and writes {@code target/evolution-benchmark-TASK.csv}.
 * Settings are the bandit's CI size (96 contexts, 150 steps) unless {@code -Dlossforge.evolution.full=true}.
 */
@EnabledIfSystemProperty(named = "lossforge.evolution.benchmark", matches = "true")
class BanditCampaignBenchmark {

    private static final List<String> BASELINES = List.of("dpo", "ipo", "hinge", "robust-dpo", "lrml");
    private static final List<Long> SEEDS = List.of(42L, 13L, 3407L);

    @Test
    void anEvolvedCandidateBeatsDpoOnTheSameSeeds() throws IOException {
        String spec = System.getProperty("lossforge.evolution.task", "bandit:noisy-40");
        int budget = Integer.getInteger("lossforge.evolution.budget", 40);
        long campaignSeed = Long.getLong("lossforge.evolution.seed", 2024L);
        Map<String, String> overrides = Boolean.getBoolean("lossforge.evolution.full") ? Map.of()
                : Map.of("contexts", "96", "evalContexts", "128", "steps", "150", "evalEvery", "0");
        Set<Capability> capabilities = spec.endsWith("soft-labels")
                ? EnumSet.allOf(Capability.class) : EnumSet.of(Capability.REWARDS);
        TaskFitness fitness = new TaskFitness(spec, overrides, SEEDS);
        EvolutionEngine engine = new EvolutionEngine(EvolutionConfig.defaults(campaignSeed).withCapabilities(capabilities));

        long start = System.nanoTime();
        InMemoryCampaign.Result result = new InMemoryCampaign(engine, fitness, 3, campaignSeed).run(BASELINES, budget);
        double hours = (System.nanoTime() - start) / 3.6e12;

        double[] dpo = fitness.perSeed(SeedLibrary.tree("dpo").orElseThrow());
        List<CandidateRecord> ranked = new ArrayList<>(result.history());
        ranked.removeIf(r -> !r.hasFitness());
        ranked.sort(Comparator.comparingDouble(CandidateRecord::fitness).reversed());
        StringBuilder csv = new StringBuilder("evaluated,best_so_far\n");
        for (int i = 0; i < result.bestSoFar().size(); i++) {
            csv.append(i + 1).append(',').append(result.bestSoFar().get(i)).append('\n');
        }
        Files.writeString(Path.of("target", "evolution-benchmark-" + spec.replace(':', '-') + ".csv"), csv,
                StandardCharsets.UTF_8);

        System.out.printf(Locale.ROOT, "%s: %d baselines + %d proposals x %d seeds in %.1f min (%.0f candidates/hour),"
                        + " rejected by the sandbox %d, incomplete %d%n", spec, BASELINES.size(), result.proposals().size(),
                SEEDS.size(), hours * 60, (BASELINES.size() + result.proposals().size()) / hours,
                fitness.rejected(), fitness.incomplete());
        System.out.printf(Locale.ROOT, "DPO per seed %s%n", java.util.Arrays.toString(dpo));
        CandidateRecord bestEvolved = null;
        double bestDelta = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < Math.min(10, ranked.size()); i++) {
            CandidateRecord r = ranked.get(i);
            double delta = meanDelta(fitness.perSeed(r.genome()), dpo);
            String origin = r.origin() == null ? "baseline" : r.origin().operator().key();
            System.out.printf(Locale.ROOT, "#%d %-22s fitness %.4f  delta vs DPO %+.4f  %s%n", r.id(), origin,
                    r.fitness(), delta, MathFormatter.format(r.genome()));
        }
        for (CandidateRecord r : ranked) {
            if (r.origin() != null && r.origin().operator() != Operator.SEED) {
                double delta = meanDelta(fitness.perSeed(r.genome()), dpo);
                if (delta > bestDelta) {
                    bestDelta = delta;
                    bestEvolved = r;
                }
            }
        }
        assertThat(bestEvolved).isNotNull();
        System.out.printf(Locale.ROOT, "best evolved #%d: paired delta vs DPO %+.4f per seed %s%n", bestEvolved.id(),
                bestDelta, java.util.Arrays.toString(fitness.perSeed(bestEvolved.genome())));
        assertThat(bestDelta).isPositive();
    }

    private static double meanDelta(double[] candidate, double[] dpo) {
        double sum = 0;
        for (int i = 0; i < dpo.length; i++) {
            sum += candidate[i] - dpo[i];
        }
        return sum / dpo.length;
    }
}
