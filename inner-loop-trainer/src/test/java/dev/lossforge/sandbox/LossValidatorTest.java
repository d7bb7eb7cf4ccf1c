package dev.lossforge.sandbox;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.ProbeResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.lossforge.sandbox.Probes.ell;
import static dev.lossforge.sandbox.Probes.rho;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LossValidatorTest {

    private final LossValidator validator = new LossValidator();

    @Test
    void theSameFunctionWrittenTwoWaysHasOneFingerprint() throws Exception {
        ValidatedLoss plain = validator.validate(Sources.good("Dpo.java"));
        ValidatedLoss softplus = validator.validate(Sources.good("DpoSoftplus.java"));
        ValidatedLoss doubleBeta = validator.validate(Sources.good("DpoDoubleBeta.java"));
        ValidatedLoss conservative = validator.validate(Sources.good("ConservativeDpoHelpers.java"));

        assertThat(softplus.fingerprint()).isEqualTo(plain.fingerprint());
        assertThat(doubleBeta.fingerprint()).isNotEqualTo(plain.fingerprint());
        assertThat(conservative.fingerprint()).isNotEqualTo(plain.fingerprint());
        assertThat(plain.fingerprint().sha256()).hasSize(64).matches("[0-9a-f]+");
        assertThat(plain.fingerprint().shortForm()).isEqualTo(plain.fingerprint().sha256().substring(0, 12));
        // deterministic: the probe batch is fixed
        assertThat(validator.validate(Sources.good("Dpo.java")).fingerprint()).isEqualTo(plain.fingerprint());
    }

    @Test
    void validatedDpoComputesDpo() throws Exception {
        ValidatedLoss dpo = validator.validate(Sources.good("Dpo.java"));
        BatchValues batch = Probes.handMade();
        ProbeResult result = Probes.probe(dpo.loss().newInstance(), batch);

        for (int i = 0; i < batch.size(); i++) {
            double x = 0.1 * rho(batch, i);
            // d/d(a_w) l(beta rho) = -beta sigma(-beta rho)
            double slope = -0.1 / (1 + Math.exp(x));
            assertThat(result.losses()[i]).isCloseTo(ell(x), within(1e-12));
            assertThat(result.gradPolicyChosen()[i]).isCloseTo(slope, within(1e-12));
            assertThat(result.gradPolicyRejected()[i]).isCloseTo(-slope, within(1e-12));
            assertThat(result.gradReferenceChosen()[i]).isCloseTo(-slope, within(1e-12));
        }
    }

    @Test
    void validatedIpoWhereAndRobustLossesComputeTheirFormulas() throws Exception {
        BatchValues b = Probes.handMade();
        double[] ipo = Probes.probe(validator.validate(Sources.good("Ipo.java")).loss().newInstance(), b).losses();
        double[] pfl = Probes.probe(validator.validate(Sources.good("WhereLoss.java")).loss().newInstance(), b).losses();
        double[] robust = Probes.probe(validator.validate(Sources.good("RobustDpoConstants.java")).loss().newInstance(),
                b).losses();
        double[] cdpo = Probes.probe(validator.validate(Sources.good("ConservativeDpoHelpers.java")).loss()
                .newInstance(), b).losses();

        for (int i = 0; i < b.size(); i++) {
            double hw = (b.policyChosenLogps()[i] - b.referenceChosenLogps()[i]) / b.chosenLengths()[i];
            double hl = (b.policyRejectedLogps()[i] - b.referenceRejectedLogps()[i]) / b.rejectedLengths()[i];
            double target = hw - hl - 1 / (2 * 0.1);
            assertThat(ipo[i]).as("ipo %d", i).isCloseTo(target * target, within(1e-9));

            double x = 0.1 * rho(b, i);
            boolean prefersChosen = b.policyChosenLogps()[i] > b.policyRejectedLogps()[i];
            double expectedPfl = prefersChosen ? 0.5 * ell(x) : 2 * Math.max(0, 1 - x);
            assertThat(pfl[i]).as("pfl %d", i).isCloseTo(expectedPfl, within(1e-12));

            double expectedRobust = (0.9 * ell(x) - 0.1 * ell(-x)) / 0.8;
            assertThat(robust[i]).as("robust %d", i).isCloseTo(expectedRobust, within(1e-12));
            assertThat(cdpo[i]).as("cdpo %d", i).isCloseTo(0.9 * ell(x) + 0.1 * ell(-x), within(1e-12));
        }
        // the batch takes both branches of the where: pairs 1 and 3 prefer the chosen response, 0 and 2 do not
        assertThat(b.policyChosenLogps()[1]).isGreaterThan(b.policyRejectedLogps()[1]);
        assertThat(b.policyChosenLogps()[3]).isGreaterThan(b.policyRejectedLogps()[3]);
        assertThat(b.policyChosenLogps()[0]).isLessThanOrEqualTo(b.policyRejectedLogps()[0]);
        assertThat(b.policyChosenLogps()[2]).isLessThan(b.policyRejectedLogps()[2]);
    }

    @Test
    void recordsWhichOptionalInputsALossNeeds() throws Exception {
        ValidatedLoss reward = validator.validate(Sources.good("RewardMargin.java"));
        ValidatedLoss dpo = validator.validate(Sources.good("Dpo.java"));

        assertThat(reward.needsRewards()).isTrue();
        assertThat(reward.needsSoftLabels()).isFalse();
        assertThat(dpo.needsRewards()).isFalse();
        assertThat(dpo.needsSoftLabels()).isFalse();
    }

    @Test
    void reportsItsTimings() throws Exception {
        ValidatedLoss.Timings t = validator.validate(Sources.good("Ipo.java")).timings();
        assertThat(t.compile()).isPositive();
        assertThat(t.smokeTest()).isPositive();
        assertThat(t.fingerprint()).isPositive();
        assertThat(t.total()).isEqualTo(t.compile().plus(t.smokeTest()).plus(t.fingerprint()));
    }

    @Test
    void validatesFromSeveralThreadsAtOnce() throws Exception {
        String[] sources = {Sources.good("Dpo.java"), Sources.good("Ipo.java"), Sources.good("WhereLoss.java"),
                Sources.good("RewardMargin.java")};
        List<BehaviourFingerprint> sequential = new ArrayList<>();
        for (String s : sources) {
            sequential.add(validator.validate(s).fingerprint());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<BehaviourFingerprint>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (String s : sources) {
                    futures.add(pool.submit(() -> validator.validate(s).fingerprint()));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(sequential.get(i % sources.length));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void smokeTestReportsAndRejectsABadTimeLimit() throws Exception {
        SmokeTest smoke = new SmokeTest(Duration.ofSeconds(5));
        assertThat(smoke.check(new LossCompiler().compile(Sources.good("RewardMargin.java"))))
                .isEqualTo(new SmokeTest.Report(true, false));
        assertThatThrownBy(() -> new SmokeTest(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fingerprintRoundsToSixSignificantDigits() {
        assertThat(BehaviourFingerprint.round(1.0 / 3)).isEqualTo("0.333333");
        assertThat(BehaviourFingerprint.round(-2.0 / 3)).isEqualTo("-0.666667");
        assertThat(BehaviourFingerprint.round(123456789.0)).isEqualTo("1.23457E+8");
        assertThat(BehaviourFingerprint.round(-0.0)).isEqualTo("0");
        assertThat(BehaviourFingerprint.round(3e-13)).isEqualTo("0");
        assertThat(BehaviourFingerprint.round(0.5)).isEqualTo("0.5");

        double[] values = {0.1234567, -2.5, 1e-3};
        ProbeResult base = new ProbeResult(values, values, values, values, values);
        double[] roundOff = {0.1234567 * (1 + 1e-14), -2.5, 1e-3};
        double[] changed = {0.1234567 * (1 + 1e-4), -2.5, 1e-3};
        assertThat(BehaviourFingerprint.of(new ProbeResult(roundOff, values, values, values, values)))
                .isEqualTo(BehaviourFingerprint.of(base));
        assertThat(BehaviourFingerprint.of(new ProbeResult(changed, values, values, values, values)))
                .isNotEqualTo(BehaviourFingerprint.of(base));
        // gradients count too, not only values
        assertThat(BehaviourFingerprint.of(new ProbeResult(values, values, values, values, changed)))
                .isNotEqualTo(BehaviourFingerprint.of(base));
    }

    @Test
    void theProbeBatchIsFixedAndCarriesTheOptionalInputs() {
        BatchValues a = BehaviourFingerprint.probeBatch();
        BatchValues b = BehaviourFingerprint.probeBatch();
        assertThat(a.size()).isEqualTo(BehaviourFingerprint.PROBE_SIZE);
        assertThat(a.policyChosenLogps()).containsExactly(b.policyChosenLogps());
        assertThat(java.util.Arrays.stream(a.softLabel()).boxed().toList())
                .allSatisfy(p -> assertThat(p).isStrictlyBetween(0.0, 1.0));
        assertThat(a.rewardChosen()).isNotNull();
        assertThat(a.rewardRejected()).isNotNull();
        assertThat(java.util.Arrays.stream(a.policyChosenLogps()).max().getAsDouble()).isNegative();
        assertThat(java.util.Arrays.stream(a.chosenLengths()).min().getAsDouble()).isGreaterThanOrEqualTo(1.0);
    }
}
