package dev.lossforge.train;

import dev.lossforge.loss.GradientGate;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The first trainer commit's name for the JVM-wide autograd lock, kept so that code written
 * against it (the LM tasks' supervised warm-up) compiles and stays correct: {@link #LOCK} takes
 * {@link GradientGate}, the one lock the trainer, loss probes and the sandbox share.
 *
 * @deprecated call {@link GradientGate#lock()} and {@link GradientGate#unlock()} instead
 */
@Deprecated
public final class Autograd {

    /** Locking it locks {@link GradientGate}. */
    public static final ReentrantLock LOCK = new GateLock();

    private Autograd() {
    }

    private static final class GateLock extends ReentrantLock {

        @Override
        public void lock() {
            GradientGate.lock();
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            GradientGate.lockInterruptibly();
        }

        @Override
        public boolean tryLock() {
            try {
                return GradientGate.tryLock(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
            return GradientGate.tryLock(unit.toMillis(timeout));
        }

        @Override
        public void unlock() {
            GradientGate.unlock();
        }

        @Override
        public boolean isLocked() {
            return GradientGate.isLocked();
        }
    }
}
