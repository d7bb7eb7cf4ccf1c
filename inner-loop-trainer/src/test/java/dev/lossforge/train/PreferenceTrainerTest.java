package dev.lossforge.train;

import ai.djl.ndarray.NDArray;
import dev.lossforge.loss.Ops;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.task.CurvePoint;
import dev.lossforge.task.EvalPoint;
import dev.lossforge.task.RunStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PreferenceTrainerTest {

    static final PreferenceLoss DPO = b -> Ops.logSigmoid(Ops.logRatioDifference(b).mul(b.beta())).neg();

    private static TrainConfig config(int steps, int evalEvery) {
        return new TrainConfig(steps, 16, 0.05, 0.0, 0.5, evalEvery, 0, 7L);
    }

    private static TrainOutcome train(PreferenceLoss loss, TrainConfig config, TrainingListener listener) {
        try (ToyProblem toy = new ToyProblem(1L)) {
            return PreferenceTrainer.train(toy, toy.data(), loss, config, toy, listener);
        }
    }

    @Test
    void dpoStartsAtLog2AndLearnsThePreferences() {
        List<Progress> progress = new ArrayList<>();
        TrainOutcome outcome = train(DPO, config(120, 40), new TrainingListener() {
            @Override
            public void onProgress(Progress p) {
                progress.add(p);
            }
        });

        assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(outcome.message()).isNull();
        assertThat(outcome.stepsDone()).isEqualTo(120);
        // the policy starts as the reference: rho = 0 for every pair, so the DPO loss is -log sigma(0) = log 2
        CurvePoint first = outcome.curve().get(0);
        assertThat(first.step()).isEqualTo(1);
        assertThat(first.loss()).isCloseTo(Math.log(2), within(1e-6));
        assertThat(first.gradientNorm()).isPositive();
        CurvePoint last = outcome.curve().get(outcome.curve().size() - 1);
        assertThat(last.step()).isEqualTo(120);
        assertThat(last.loss()).isLessThan(0.6);

        assertThat(outcome.evaluations()).extracting(EvalPoint::step).containsExactly(0, 40, 80, 120);
        double before = outcome.evaluations().get(0).metrics().get("accuracy");
        double after = outcome.finalMetrics().get("accuracy");
        assertThat(after).isGreaterThan(before + 0.2).isGreaterThan(0.85);

        assertThat(progress).isNotEmpty();
        Progress lastProgress = progress.get(progress.size() - 1);
        assertThat(lastProgress.step()).isEqualTo(120);
        assertThat(lastProgress.totalSteps()).isEqualTo(120);
        assertThat(lastProgress.phase()).isEqualTo("train");
        assertThat(lastProgress.stepsPerSecond()).isPositive();
    }

    @Test
    void sameSeedSameCurveAndMetrics() {
        TrainOutcome a = train(DPO, config(40, 20), TrainingListener.NONE);
        TrainOutcome b = train(DPO, config(40, 20), TrainingListener.NONE);
        assertThat(b.curve()).hasSameSizeAs(a.curve());
        for (int i = 0; i < a.curve().size(); i++) {
            assertThat(b.curve().get(i).loss()).isCloseTo(a.curve().get(i).loss(), within(1e-6));
            assertThat(b.curve().get(i).gradientNorm()).isCloseTo(a.curve().get(i).gradientNorm(), within(1e-6));
        }
        assertThat(b.finalMetrics()).isEqualTo(a.finalMetrics());
        // a different batch order gives a different curve
        TrainOutcome c = train(DPO, new TrainConfig(40, 16, 0.05, 0.0, 0.5, 20, 0, 8L), TrainingListener.NONE);
        assertThat(c.curve().get(5).loss()).isNotCloseTo(a.curve().get(5).loss(), within(1e-6));
    }

    @Test
    void aNanLossEndsTheRunAsDivergedNamingTheStep() {
        AtomicInteger calls = new AtomicInteger();
        PreferenceLoss nanAtStep5 = batch -> {
            NDArray dpo = DPO.compute(batch);
            return calls.incrementAndGet() == 5 ? dpo.mul(Float.NaN) : dpo;
        };
        TrainOutcome outcome = train(nanAtStep5, config(20, 0), TrainingListener.NONE);
        assertThat(outcome.status()).isEqualTo(RunStatus.DIVERGED);
        assertThat(outcome.message()).isEqualTo("the loss is NaN at step 5");
        assertThat(outcome.stepsDone()).isEqualTo(4);
        assertThat(outcome.finalMetrics()).isEmpty();
    }

    @Test
    void aNanGradientUnderAFiniteLossEndsTheRunAsDiverged() {
        // sqrt(h_w - h_w) is 0, but its derivative at 0 is infinite: inf * (1 - 1) = NaN
        PreferenceLoss nanGradient = batch -> {
            NDArray h = Ops.chosenLogRatio(batch);
            return h.sub(h).sqrt();
        };
        TrainOutcome outcome = train(nanGradient, config(20, 0), TrainingListener.NONE);
        assertThat(outcome.status()).isEqualTo(RunStatus.DIVERGED);
        assertThat(outcome.message()).startsWith("the gradient of parameter ").endsWith(" is NaN at step 1");
        assertThat(outcome.stepsDone()).isZero();
    }

    @Test
    void aLossThatThrowsOrReturnsTheWrongShapeFails() {
        PreferenceLoss throwing = batch -> {
            throw new ArithmeticException("boom");
        };
        TrainOutcome thrown = train(throwing, config(5, 0), TrainingListener.NONE);
        assertThat(thrown.status()).isEqualTo(RunStatus.FAILED);
        assertThat(thrown.message()).isEqualTo("the loss threw ArithmeticException: boom at step 1");

        PreferenceLoss scalar = batch -> DPO.compute(batch).mean();
        TrainOutcome wrongShape = train(scalar, config(5, 0), TrainingListener.NONE);
        assertThat(wrongShape.status()).isEqualTo(RunStatus.FAILED);
        assertThat(wrongShape.message()).contains("shape (16)").contains("step 1");

        PreferenceLoss needsRewards = PreferenceBatch::rewardChosen;
        TrainOutcome nullResult = train(needsRewards, config(5, 0), TrainingListener.NONE);
        assertThat(nullResult.status()).isEqualTo(RunStatus.FAILED);
        assertThat(nullResult.message()).startsWith("the loss returned null at step 1");
    }

    @Test
    void theListenerCancelsAndTheClockTimesOut() {
        AtomicInteger polls = new AtomicInteger();
        TrainOutcome cancelled = train(DPO, config(50, 0), new TrainingListener() {
            @Override
            public boolean stopRequested() {
                return polls.incrementAndGet() > 3;
            }
        });
        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(cancelled.stepsDone()).isEqualTo(3);
        assertThat(cancelled.message()).isEqualTo("cancelled before step 4 of 50");

        // a limit shorter than the step-0 evaluation stops the run before its first step
        TrainOutcome timedOut = train(DPO, new TrainConfig(50, 16, 0.05, 0, 0.5, 0, 1e-6, 7L), TrainingListener.NONE);
        assertThat(timedOut.status()).isEqualTo(RunStatus.TIMEOUT);
        assertThat(timedOut.stepsDone()).isZero();
        assertThat(timedOut.message()).contains("time limit of 1.0E-6 s").contains("before step 1 of 50");
        assertThat(timedOut.evaluations()).hasSize(1);
    }

    @Test
    void rejectsConfigurationsOutOfRange() {
        try (ToyProblem toy = new ToyProblem(1L)) {
            assertThatThrownBy(() -> PreferenceTrainer.train(toy, toy.data(), DPO,
                    new TrainConfig(10, 0, 0.05, 0, 0.5, 0, 0, 1L), toy, TrainingListener.NONE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
            assertThatThrownBy(() -> PreferenceTrainer.train(toy, toy.data(), DPO,
                    new TrainConfig(10, 4, 0.05, 0, Double.NaN, 0, 0, 1L), toy, TrainingListener.NONE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta");
        }
    }
}
