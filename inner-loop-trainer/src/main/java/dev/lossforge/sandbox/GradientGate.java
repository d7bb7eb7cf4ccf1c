package dev.lossforge.sandbox;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The JVM-wide permit for autograd work. DJL's PyTorch engine allows one open
 * {@code GradientCollector} per JVM (a static flag; a second throws IllegalStateException), so
 * every piece of code in a process that opens one must hold this permit: the sandbox's smoke test
 * and fingerprint do, and so must a trainer that runs in the same JVM as a validator.
 *
 * <p>A semaphore, not a lock: a smoke-test thread that ran past its time limit is abandoned while
 * it still holds the permit, and gives it back itself whenever it finishes.
 */
public final class GradientGate {

    private static final Semaphore PERMIT = new Semaphore(1, true);

    private GradientGate() {
    }

    /** Waits up to {@code timeoutMillis} for the permit; true when it was acquired. */
    public static boolean tryAcquire(long timeoutMillis) throws InterruptedException {
        return PERMIT.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Waits for the permit as long as it takes. */
    public static void acquire() throws InterruptedException {
        PERMIT.acquire();
    }

    public static void release() {
        PERMIT.release();
    }
}
