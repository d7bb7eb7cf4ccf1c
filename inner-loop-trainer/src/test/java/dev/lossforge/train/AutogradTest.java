package dev.lossforge.train;

import dev.lossforge.loss.GradientGate;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("deprecation")
class AutogradTest {

    @Test
    void theOldLockIsTheGradientGate() throws Exception {
        Autograd.LOCK.lock();
        try {
            assertThat(GradientGate.isLocked()).isTrue();
            // another thread cannot take the gate while the old name holds it
            boolean taken = CompletableFuture.supplyAsync(() -> {
                try {
                    boolean got = GradientGate.tryLock(50);
                    if (got) {
                        GradientGate.unlock();
                    }
                    return got;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }).get(5, TimeUnit.SECONDS);
            assertThat(taken).isFalse();
        } finally {
            Autograd.LOCK.unlock();
        }
        assertThat(GradientGate.isLocked()).isFalse();
    }
}
