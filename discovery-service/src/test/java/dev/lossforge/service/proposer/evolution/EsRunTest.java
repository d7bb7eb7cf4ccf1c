package dev.lossforge.service.proposer.evolution;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EsRunTest {

    private static final Node LRML = SeedLibrary.tree("lrml").orElseThrow();
    private static final Node CDPO = SeedLibrary.tree("cdpo").orElseThrow();

    @Test
    void searchSpaceIsRelativeForRealAndLogarithmicForPositiveConstants() {
        EsRun cdpo = new EsRun(EsRun.keyOf(CDPO), 1, CDPO);
        // 0.9 and 0.1 are searched as 0.9/0.9 and 0.1/0.1
        assertThat(cdpo.mean()).containsExactly(1.0, 1.0);
        assertThat(cdpo.fromSearch(new double[] {1.5, -2})).containsExactly(new double[] {1.35, -0.2}, within(1e-12));
        EsRun lrml = new EsRun(EsRun.keyOf(LRML), 1, LRML);
        assertThat(lrml.mean()).containsExactly(new double[] {Math.log(0.05)}, within(1e-15));
        assertThat(Trees.constants(lrml.at(new double[] {Math.log(0.2)})).get(0).value()).isCloseTo(0.2, within(1e-12));
    }

    private static CandidateRecord member(long id, Operator op, int pair, double[] center, double[] z, double sigma,
                                          double fitness) {
        EsTag tag = new EsTag(EsRun.keyOf(CDPO), 1, pair, center, z, sigma);
        CandidateRecord pending = CandidateRecord.pending(id, CDPO, Origin.es(op, 1, tag));
        return Double.isNaN(fitness) ? pending : pending.evaluated(fitness);
    }

    @Test
    void theMeanMovesTowardsTheBetterTwinByASigmaStep() {
        EsRun run = new EsRun(EsRun.keyOf(CDPO), 1, CDPO);
        double[] z = {1.0, -2.0};
        run.register(member(2, Operator.ES_PLUS, 0, run.mean(), z, 0.3, 0.8));
        run.register(member(3, Operator.ES_MINUS, 0, run.mean(), z, 0.3, 0.5));
        run.replay(0, 1.0, 1.0);
        // d = 0.3, S = mean |d| = 0.3, so μ += 1·0.3·(0.3/0.3)·z = 0.3·z
        assertThat(run.mean()).containsExactly(new double[] {1.3, 0.4}, within(1e-12));
        assertThat(run.pairsCompleted()).isEqualTo(1);
        assertThat(run.sigma(0.3)).isCloseTo(0.3 * 0.9, within(1e-12));
    }

    @Test
    void aPairWithAMemberStillOutDoesNotMoveTheMeanAndFailuresCountAsTheWorst() {
        EsRun waiting = new EsRun(EsRun.keyOf(CDPO), 1, CDPO);
        waiting.register(member(2, Operator.ES_PLUS, 0, waiting.mean(), new double[] {1, 1}, 0.3, 0.8));
        waiting.register(member(3, Operator.ES_MINUS, 0, waiting.mean(), new double[] {1, 1}, 0.3, Double.NaN));
        waiting.replay(-1, 1.0, 1.0);
        assertThat(waiting.mean()).containsExactly(1.0, 1.0);
        assertThat(waiting.openPair()).isEqualTo(-1);

        EsRun failed = new EsRun(EsRun.keyOf(CDPO), 1, CDPO);
        failed.register(member(2, Operator.ES_PLUS, 0, failed.mean(), new double[] {1, 0}, 0.2, Double.NaN).failed());
        failed.register(member(3, Operator.ES_MINUS, 0, failed.mean(), new double[] {1, 0}, 0.2, 0.4));
        failed.replay(-1, 1.0, 1.0);
        // the failed + member counts as -1: d = -1.4 = -S, so the mean steps σ = 0.2 away from it
        assertThat(failed.mean()).containsExactly(new double[] {0.8, 1.0}, within(1e-12));
    }

    @Test
    void aFamilyWhoseConstantsMakeNoDifferenceStops() {
        EsRun run = new EsRun(EsRun.keyOf(CDPO), 1, CDPO);
        run.register(member(2, Operator.ES_PLUS, 0, run.mean(), new double[] {1, 1}, 0.3, 0.80001));
        run.register(member(3, Operator.ES_MINUS, 0, run.mean(), new double[] {1, 1}, 0.3, 0.8));
        // |d| = 1e-5 is below 0.1% of a campaign whose fitness spans 2
        run.replay(-1, 2.0, 1.0);
        assertThat(run.stalled()).isTrue();
        EsRun moving = new EsRun(EsRun.keyOf(CDPO), 1, CDPO);
        moving.register(member(2, Operator.ES_PLUS, 0, moving.mean(), new double[] {1, 1}, 0.3, 0.81));
        moving.register(member(3, Operator.ES_MINUS, 0, moving.mean(), new double[] {1, 1}, 0.3, 0.8));
        moving.replay(-1, 2.0, 1.0);
        assertThat(moving.stalled()).isFalse();
    }

    @Test
    void pairsAreAppliedInPairOrderWhateverOrderTheyCompletedIn() {
        double[] z0 = {1, 0};
        double[] z1 = {0, 1};
        List<CandidateRecord> records = List.of(
                member(2, Operator.ES_PLUS, 0, new double[] {1, 1}, z0, 0.3, 0.9),
                member(3, Operator.ES_MINUS, 0, new double[] {1, 1}, z0, 0.3, 0.1),
                member(4, Operator.ES_PLUS, 1, new double[] {1, 1}, z1, 0.3, 0.2),
                member(5, Operator.ES_MINUS, 1, new double[] {1, 1}, z1, 0.3, 0.6));
        EsRun forward = new EsRun(EsRun.keyOf(CDPO), 1, CDPO);
        records.forEach(forward::register);
        forward.replay(0, 1.0, 1.0);
        EsRun backward = new EsRun(EsRun.keyOf(CDPO), 1, CDPO);
        for (int i = records.size() - 1; i >= 0; i--) {
            backward.register(records.get(i));
        }
        backward.replay(0, 1.0, 1.0);
        assertThat(backward.mean()).containsExactly(forward.mean());
        // pair 0: d = 0.8, S = 0.8 -> +0.3 on the first; pair 1: d = -0.4, S = 0.6 -> -0.2 on the second
        assertThat(forward.mean()).containsExactly(new double[] {1.3, 0.8}, within(1e-12));
        assertThat(forward.centerDue()).isFalse();
    }
}
