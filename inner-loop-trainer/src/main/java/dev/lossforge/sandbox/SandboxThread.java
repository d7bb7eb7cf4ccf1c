package dev.lossforge.sandbox;

import dev.lossforge.loss.GradientGate;
import dev.lossforge.sandbox.LossRejectedException.Kind;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a job that calls untrusted loss code on a fresh daemon thread and waits for it, with a
 * time limit on the time spent inside the loss code (not on the time spent waiting for the
 * {@link GradientGate}). Java cannot stop a thread that is busy in native code, so a job that
 * runs past the limit is abandoned: it is interrupted (which ends a wait for the gate and keeps it
 * from running more loss code), left to finish on its own as a daemon (releasing the gate itself
 * if it holds it), and counted in {@link #abandonedAlive()} until it does.
 */
final class SandboxThread {

    /** How long a job may wait for the gradient lock before the sandbox counts as busy. */
    static final Duration GATE_WAIT_LIMIT = Duration.ofSeconds(60);

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Set<Thread> ABANDONED = ConcurrentHashMap.newKeySet();

    /** The work, with a meter to mark the stretches that run loss code. */
    interface Job<T> {
        T run(Meter meter) throws Exception;
    }

    /** Accumulates the time a job spends in loss code. */
    static final class Meter {
        private volatile long spentNanos;
        private volatile long enteredAt;

        /** Runs loss code and counts its time. */
        <T> T user(ThrowingSupplier<T> code) throws Exception {
            if (Thread.interrupted()) {
                // abandoned after a time-out: run no more loss code
                throw new InterruptedException("abandoned");
            }
            enteredAt = System.nanoTime();
            try {
                return code.get();
            } finally {
                spentNanos += System.nanoTime() - enteredAt;
                enteredAt = 0;
            }
        }

        long spentNanos() {
            long since = enteredAt;
            return spentNanos + (since == 0 ? 0 : System.nanoTime() - since);
        }
    }

    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private SandboxThread() {
    }

    /**
     * @throws LossRejectedException what the job throws, or TIMEOUT
     * @throws Exception             whatever else the job throws
     */
    static <T> T run(String what, Duration limit, Job<T> job) throws Exception {
        Meter meter = new Meter();
        FutureTask<T> task = new FutureTask<>(() -> job.run(meter));
        Thread thread = new Thread(task, "lossforge-sandbox-" + COUNTER.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        long limitNanos = limit.toNanos();
        long startedAt = System.nanoTime();
        while (true) {
            long remaining = limitNanos - meter.spentNanos();
            if (remaining <= 0) {
                abandon(thread);
                throw new LossRejectedException(Kind.TIMEOUT, what + " ran longer than the time limit of "
                        + limit.toMillis() + " ms on a batch of " + SmokeTest.BATCH_SIZE + " pairs: a loss must be a "
                        + "few vectorised operations on the batch");
            }
            if (System.nanoTime() - startedAt > limitNanos + GATE_WAIT_LIMIT.toNanos()) {
                abandon(thread);
                throw new LossRejectedException(Kind.TIMEOUT, "the sandbox is busy (another validation holds the "
                        + "gradient lock); try again");
            }
            try {
                return task.get(remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // loop: time spent waiting for the gate does not count
            } catch (InterruptedException e) {
                abandon(thread);
                Thread.currentThread().interrupt();
                throw new LossRejectedException(Kind.TIMEOUT, "interrupted while " + what + " was running");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                throw (Error) cause;
            }
        }
    }

    private static void abandon(Thread thread) {
        ABANDONED.add(thread);
        thread.interrupt();
        ABANDONED.removeIf(t -> !t.isAlive());
    }

    /** Abandoned threads still running (they end when the loss code they are stuck in returns). */
    static int abandonedAlive() {
        ABANDONED.removeIf(t -> !t.isAlive());
        return ABANDONED.size();
    }
}
