package dev.lossforge.train;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The PyTorch engine allows one open {@code GradientCollector} in the whole JVM (a static flag in
 * PtGradientCollector: a second throws IllegalStateException). Every piece of code that may take
 * gradients on a thread of its own (the trainer, loss probes and smoke tests in the service)
 * holds this lock while its collector is open.
 */
public final class Autograd {

    /** Held for the lifetime of each gradient collector. */
    public static final ReentrantLock LOCK = new ReentrantLock();

    private Autograd() {
    }
}
