package dev.lossforge.loss.builtin;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.MissingInputException;
import dev.lossforge.loss.ProbeResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** What single losses do at their special points: hand-worked values, branches, missing inputs. */
class LossSpecificBehaviourTest {

    private static final double LOG2 = Math.log(2.0);

    private static BatchValues pairs(double beta, double[] aw, double[] al) {
        int n = aw.length;
        return new BatchValues(aw, al, new double[n], new double[n], Batches.ones(n), Batches.ones(n),
                null, null, null, beta);
    }

    @Test
    void dpoAtZeroMarginIsLogTwoWithSlopeMinusHalfBeta() {
        ProbeResult r = LossProbe.probe(new DpoLoss(), Batches.curve(0.1, 0.0));
        assertThat(r.losses()[0]).isCloseTo(LOG2, within(1e-15));
        assertThat(r.gradPolicyChosen()[0]).isCloseTo(-0.05, within(1e-15));
        assertThat(r.gradReferenceChosen()[0]).isCloseTo(0.05, within(1e-15));
    }

    @Test
    void ipoAndSppoHardAtTheReferenceAreSquaredTargets() {
        // h_w = h_l = 0, β = 0.1: the target 1/(2β) is 5, so IPO gives 25 and SPPO-hard 25 + 25
        BatchValues atReference = Batches.curve(0.1, 0.0);
        assertThat(LossProbe.probe(new IpoLoss(), atReference).losses()[0]).isCloseTo(25.0, within(1e-12));
        assertThat(LossProbe.probe(new SppoHardLoss(), atReference).losses()[0]).isCloseTo(50.0, within(1e-12));
        // Cal-DPO adds ℓ(0) = log 2 without β
        assertThat(LossProbe.probe(new CalDpoLoss(), atReference).losses()[0]).isCloseTo(50.0 + LOG2, within(1e-12));
    }

    @Test
    void ddoRmWithoutRewardScoresFailsWithAClearMessage() {
        BatchValues noRewards = pairs(0.1, new double[] {-1, -2}, new double[] {-3, -1});
        assertThatThrownBy(() -> LossProbe.probe(new DdoRmLoss(), noRewards))
                .isInstanceOf(MissingInputException.class)
                .hasMessageContaining("ddo-rm")
                .hasMessageContaining("rewardChosen and rewardRejected");
    }

    @Test
    void ddoRmHoldsItsTargetFixed() {
        // with q differentiated too, the slope would differ: check that the probe matches the
        // frozen-q derivative and not the full one, so stopGradient really is in place
        BatchValues batch = Batches.general(0.1);
        ProbeResult r = LossProbe.probe(new DdoRmLoss(), batch);
        double[][] q = PlainLosses.ddoRmTargets(batch);
        double h = 1e-6;
        double frozen = (PlainLosses.ddoRm(Checks.shifted(batch, 0, 0, h), q)[0]
                - PlainLosses.ddoRm(Checks.shifted(batch, 0, 0, -h), q)[0]) / (2 * h);
        double full = (PlainLosses.ddoRm(Checks.shifted(batch, 0, 0, h), null)[0]
                - PlainLosses.ddoRm(Checks.shifted(batch, 0, 0, -h), null)[0]) / (2 * h);
        assertThat(Math.abs(full - frozen)).isGreaterThan(1e-3);
        assertThat(r.gradPolicyChosen()[0]).isCloseTo(frozen, within(1e-7));
    }

    @Test
    void gpoWithoutSoftLabelsIsDpoAndAnUndecidedLabelCarriesNoSignal() {
        BatchValues general = Batches.general(0.3);
        BatchValues unlabelled = new BatchValues(general.policyChosenLogps(), general.policyRejectedLogps(),
                general.referenceChosenLogps(), general.referenceRejectedLogps(), general.chosenLengths(),
                general.rejectedLengths(), null, null, null, 0.3);
        assertThat(LossProbe.probe(new GpoLoss(), unlabelled).losses())
                .containsExactly(LossProbe.probe(new DpoLoss(), unlabelled).losses(), within(1e-15));

        BatchValues undecided = new BatchValues(general.policyChosenLogps(), general.policyRejectedLogps(),
                general.referenceChosenLogps(), general.referenceRejectedLogps(), general.chosenLengths(),
                general.rejectedLengths(), new double[] {0.5, 0.5, 0.5, 0.5, 0.5}, null, null, 0.3);
        ProbeResult r = LossProbe.probe(new GpoLoss(), undecided);
        assertThat(r.losses()).containsOnly(LOG2);
        for (double slope : r.gradPolicyChosen()) {
            assertThat(slope).isCloseTo(0.0, within(0.0));
        }

        // p̂ = 0 flips the preference: ℓ(−βΔ)
        BatchValues flipped = new BatchValues(new double[] {2.0}, new double[] {0.0}, new double[1], new double[1],
                new double[] {1}, new double[] {1}, new double[] {0.0}, null, null, 0.5);
        assertThat(LossProbe.probe(new GpoLoss(), flipped).losses()[0]).isCloseTo(Plain.softplus(1.0), within(1e-15));
    }

    @Test
    void padllHalvesTheWeightOfPairsWithNegativeMargin() {
        ProbeResult r = LossProbe.probe(new PadllLoss(), Batches.curve(0.1, -2.0, 0.0, 2.0));
        assertThat(r.losses()[0]).isCloseTo(0.45 * Plain.softplus(0.2), within(1e-15));
        assertThat(r.losses()[1]).isCloseTo(0.9 * LOG2, within(1e-15));
        assertThat(r.losses()[2]).isCloseTo(0.9 * Plain.softplus(-0.2), within(1e-15));
        // slope of 0.45·softplus(−βρ) at ρ = −2: −0.45·β·σ(0.2)
        assertThat(r.gradPolicyChosen()[0]).isCloseTo(-0.45 * 0.1 * Plain.sigmoid(0.2), within(1e-15));
    }

    @Test
    void pflBranchesOnThePolicyLogProbabilitiesNotOnTheMargin() {
        // pair 0: Δ = +2 but a_w < a_l (the reference prefers the rejected even more) -> hinge branch
        // pair 1: Δ = −2 but a_w > a_l -> logistic branch
        BatchValues batch = new BatchValues(new double[] {-5, -1}, new double[] {-4, -3}, new double[] {-7, -1},
                new double[] {-4, -5}, new double[] {1, 1}, new double[] {1, 1}, null, null, null, 0.1);
        ProbeResult r = LossProbe.probe(new PflLoss(), batch);
        assertThat(r.losses()[0]).isCloseTo(2 * (1 - 0.2), within(1e-15));
        assertThat(r.losses()[1]).isCloseTo(0.5 * Plain.softplus(0.2), within(1e-15));
        assertThat(r.gradPolicyChosen()[0]).isCloseTo(-2 * 0.1, within(1e-15));
        // ties take the hinge branch
        ProbeResult tie = LossProbe.probe(new PflLoss(), pairs(0.1, new double[] {-3}, new double[] {-3}));
        assertThat(tie.losses()[0]).isCloseTo(2.0, within(1e-15));
    }

    @Test
    void orpoClampsAPositiveMeanLogProbabilityAndKeepsAFiniteSlope() {
        // a_l = 0 (the curve convention) sits at the clamp m ≤ −1e-6: the log odds are
        // −log(1 − e^−1e-6) ≈ 13.8155 there, and the slope flows through m alone
        BatchValues batch = Batches.curve(0.1, -1.0);
        ProbeResult r = LossProbe.probe(new OrpoLoss(), batch);
        double logOddsW = -1.0 - Plain.log1mexp(-1.0);
        double logOddsL = 0.0 - Plain.log1mexp(-1e-6);
        assertThat(logOddsL).isCloseTo(13.8155, within(1e-4));
        double expected = 1.0 + 0.1 * Plain.softplus(-(logOddsW - logOddsL));
        assertThat(r.losses()[0]).isCloseTo(expected, within(1e-9));
        assertThat(r.gradPolicyRejected()[0]).isCloseTo(0.1 * Plain.sigmoid(-(logOddsW - logOddsL)), within(1e-9));
    }

    @Test
    void referenceFreeLossesIgnoreTheReference() {
        BatchValues batch = Batches.general(0.2);
        BatchValues otherReference = new BatchValues(batch.policyChosenLogps(), batch.policyRejectedLogps(),
                new double[] {-1, -90, 3, 0, -7}, new double[] {-50, 2, -3, -4, -0.5}, batch.chosenLengths(),
                batch.rejectedLengths(), batch.softLabel(), batch.rewardChosen(), batch.rewardRejected(), 0.2);
        for (var loss : new dev.lossforge.loss.PreferenceLoss[] {new SimpoLoss(), new CpoLoss(), new OrpoLoss(),
                new DdoRmLoss()}) {
            ProbeResult r = LossProbe.probe(loss, batch);
            assertThat(LossProbe.probe(loss, otherReference).losses())
                    .as(loss.getClass().getSimpleName()).containsExactly(r.losses(), within(1e-15));
            assertThat(r.gradReferenceChosen()).as(loss.getClass().getSimpleName()).containsOnly(0.0);
            assertThat(r.gradReferenceRejected()).as(loss.getClass().getSimpleName()).containsOnly(0.0);
        }
    }

    @Test
    void cellOverflowsToInfinityWithoutNaNAsItsFormulaDoes() {
        // x = βρ = −1000: e^1000 is beyond the largest double, so the loss is +∞ and its slope
        // −∞; at x = −700 it is still finite
        ProbeResult r = LossProbe.probe(new CellLoss(), Batches.curve(0.1, -10_000, -7_000, 3));
        assertThat(r.losses()[0]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(r.gradPolicyChosen()[0]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(r.gradReferenceChosen()[0]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(r.gradPolicyRejected()[0]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(r.losses()[1]).isCloseTo(0.5 * 700 + 0.5 * Math.exp(700), within(Math.exp(700) * 1e-12));
        // the other pairs of the batch are unaffected
        assertThat(r.losses()[2]).isCloseTo(0.5 * Plain.softplus(-0.3) + 0.5 * Math.exp(-0.3), within(1e-15));
        assertThat(r.gradPolicyChosen()[2]).isFinite();
    }

    @Test
    void lrmlStaysFiniteWhereTheNaiveProductIsZeroTimesInfinity() {
        // σ(x/τ)·e^(−x) at x = −1000: σ(−20000) = 0 and e^1000 = ∞ in doubles
        assertThat(Plain.sigmoid(-20_000) * Math.exp(1000)).isNaN();
        ProbeResult r = LossProbe.probe(new LrmlLoss(), Batches.curve(1.0, -1000, -10_000, 10_000));
        // far left the gate is closed and the loss is ℓ(x) = −x; far right it is 0
        assertThat(r.losses()).containsExactly(new double[] {1000, 10_000, 0}, within(1e-9));
        assertThat(r.gradPolicyChosen()).containsExactly(new double[] {-1, -1, 0}, within(1e-12));
    }

    @Test
    void robustDpoCanBeNegativeAndCdpoStopsPushingALargeMargin() {
        ProbeResult robust = LossProbe.probe(new RobustDpoLoss(), Batches.curve(1.0, 50));
        // [(0.9)·ℓ(50) − 0.1·ℓ(−50)]/0.8 ≈ −0.1·50/0.8
        assertThat(robust.losses()[0]).isCloseTo(-6.25, within(1e-9));
        ProbeResult cdpo = LossProbe.probe(new CdpoLoss(), Batches.curve(1.0, 50));
        // the slope −0.9σ(−x) + 0.1σ(x) is positive at large x: cDPO pulls the margin back
        assertThat(cdpo.gradPolicyChosen()[0]).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void exoIsZeroWhereTheModelMatchesItsTarget() {
        // σ(x) = 1 − ε is the target distribution, where the reverse KL vanishes
        double x = Math.log((1 - ExoLoss.EPSILON) / ExoLoss.EPSILON);
        ProbeResult r = LossProbe.probe(new ExoLoss(), Batches.curve(1.0, x));
        assertThat(r.losses()[0]).isCloseTo(0.0, within(1e-12));
        assertThat(r.gradPolicyChosen()[0]).isCloseTo(0.0, within(1e-12));
    }
}
