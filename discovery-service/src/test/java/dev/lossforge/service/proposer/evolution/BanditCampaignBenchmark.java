package dev.lossforge.service.proposer.evolution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5 §5 in memory ({@link BanditCampaignExperiment}): minutes, not CI-sized, so it runs only
 * on purpose:
 * <pre>
 * mvn -B -o -pl discovery-service -am test -Dtest=BanditCampaignBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dlossforge.evolution.benchmark=true [-Dlossforge.evolution.task=bandit:noisy-40] [-Dlossforge.evolution.budget=40]
 * </pre>
 */
@EnabledIfSystemProperty(named = "lossforge.evolution.benchmark", matches = "true")
class BanditCampaignBenchmark {

    @Test
    void anEvolvedCandidateBeatsDpoOnTheSameSeeds() {
        BanditCampaignExperiment.Report report = BanditCampaignExperiment.run(
                System.getProperty("lossforge.evolution.task", "bandit:noisy-40"),
                Integer.getInteger("lossforge.evolution.budget", 40),
                Long.getLong("lossforge.evolution.seed", 2024L),
                Boolean.getBoolean("lossforge.evolution.full") ? Map.of() : BanditCampaignExperiment.CI_SIZE,
                System.out);
        assertThat(report.bestEvolved()).isNotNull();
        assertThat(report.bestEvolvedDelta()).isPositive();
    }
}
