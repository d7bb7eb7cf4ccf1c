package dev.lossforge.loss;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The JVM-wide lock for autograd work. DJL's PyTorch engine allows one open
 * {@code GradientCollector} per JVM (a static flag; a second throws IllegalStateException), and
 * libtorch's grad mode is per thread, so the collector must be opened, used and closed by the
 * thread that holds this lock. {@link LossProbe} takes it itself; a trainer that shares its JVM
 * with anything else that probes losses (the service's validator, the command line) must take it
 * around every training step's collector.
 *
 * <p>Reentrant, so code holding it may call {@link LossProbe}. Fair, so a stream of short probes
 * cannot starve a trainer step.
 */
public final class GradientGate {

    private static final ReentrantLock LOCK = new ReentrantLock(true);

    private GradientGate() {
    }

    /** Waits for the lock as long as it takes. */
    public static void lock() {
        LOCK.lock();
    }

    /** Waits for the lock unless the thread is interrupted. */
    public static void lockInterruptibly() throws InterruptedException {
        LOCK.lockInterruptibly();
    }

    /** Waits up to {@code timeoutMillis} for the lock; true when this thread now holds it. */
    public static boolean tryLock(long timeoutMillis) throws InterruptedException {
        return LOCK.tryLock(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** @throws IllegalMonitorStateException when this thread does not hold the lock */
    public static void unlock() {
        LOCK.unlock();
    }

    /** Whether any thread holds the lock now (for health checks). */
    public static boolean isLocked() {
        return LOCK.isLocked();
    }
}
