package dev.lossforge.loss;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** LossProbe (and so LossCurve) may be called from several threads: DJL allows one collector per JVM. */
class LossProbeConcurrencyTest {

    @Test
    void probesFromSeveralThreadsAtOnceAllSucceed() throws Exception {
        // loss = beta * x^2 on the chosen log-probability: values 0.5 x^2, gradient x (beta 0.5)
        PreferenceLoss quadratic = b -> b.policyChosenLogps().square().mul(b.beta());
        double[] x = {1.0, -2.0, 3.0};
        double[] zeros = new double[3];
        double[] ones = {1, 1, 1};
        BatchValues values = new BatchValues(x, zeros, zeros, zeros, ones, ones, null, null, null, 0.5);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<ProbeResult>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return LossProbe.probe(quadratic, values);
                }));
            }
            start.countDown();
            for (Future<ProbeResult> f : futures) {
                ProbeResult r = f.get();
                assertThat(r.losses()).containsExactly(new double[] {0.5, 2.0, 4.5}, within(1e-12));
                assertThat(r.gradPolicyChosen()).containsExactly(x, within(1e-12));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(GradientGate.isLocked()).isFalse();
    }

    @Test
    void aThreadHoldingTheGateMayStillProbe() {
        PreferenceLoss identity = b -> b.policyChosenLogps();
        double[] one = {1.0};
        BatchValues values = new BatchValues(one, one, one, one, one, one, null, null, null, 0.1);
        GradientGate.lock();
        try {
            assertThat(Arrays.stream(LossProbe.probe(identity, values).gradPolicyChosen()).sum()).isEqualTo(1.0);
        } finally {
            GradientGate.unlock();
        }
        assertThat(GradientGate.isLocked()).isFalse();
    }
}
