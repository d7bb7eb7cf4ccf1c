package dev.lossforge.service.job;

import org.springframework.stereotype.Component;

import java.time.Duration;

/** Wakes lease requests that wait for work when jobs become available in this service. */
@Component
public class JobSignal {

    private final Object lock = new Object();
    private long generation;
    private boolean closed;

    /** Jobs may be available: waiting lease requests look again. */
    public void wake() {
        synchronized (lock) {
            generation++;
            lock.notifyAll();
        }
    }

    long generation() {
        synchronized (lock) {
            return generation;
        }
    }

    /** Waits until woken after {@code seen}, or {@code max} passes. */
    void await(long seen, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (lock) {
            while (generation == seen && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    boolean closed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Before the web server drains its requests: waiting lease requests answer at once. */
    @org.springframework.context.event.EventListener(org.springframework.context.event.ContextClosedEvent.class)
    @jakarta.annotation.PreDestroy
    void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }
}
