package dev.lossforge.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Guards a forward and backward pass against the JVM's garbage collector. DJL's scalar operations
 * ({@code x.mul(beta)}, {@code x.div(TAU)}, {@code x.pow(2)}, ...) put the number in a tensor over
 * a Java direct buffer and free that tensor right after the forward operation, while autograd keeps
 * it for the backward pass. A collection in between lets the JVM free the buffer, and the backward
 * pass then reads freed memory: the gradient through that operation silently becomes about zero.
 * Every loss written against DJL's API does this (the built-ins, evolved and LLM-written ones), so
 * rather than forbid scalar operations the trainers check whether a collection ran between the
 * start of the forward pass and the end of the backward pass, and redo the pass when one did.
 *
 * <p>The check is complete: a buffer allocated in the pass can only be freed after a collection
 * that starts after it was allocated, and a collection's count is visible to this thread as soon as
 * it is back in Java code (it cannot run Java code during a pause). A collection that starts after
 * the backward pass ended frees nothing that pass still needs.
 */
public final class GarbageCollections {

    /** Passes redone at most; a pass that meets a collection this many times in a row is kept. */
    private static final int MAX_ATTEMPTS = 8;

    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();

    private GarbageCollections() {
    }

    /** A forward and backward pass; its result is whatever the caller needs of it (the loss value). */
    @FunctionalInterface
    public interface Pass<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code pass} until no collection ran during it (at most {@link #MAX_ATTEMPTS} times),
     * calling {@code discardGradients} before each repeat, since libtorch adds every backward pass
     * to the gradients already there.
     */
    public static <T, E extends Exception> T withoutCollection(Pass<T, E> pass, Runnable discardGradients) throws E {
        for (int attempt = 1; ; attempt++) {
            long collections = count();
            T result = pass.run();
            if (count() == collections || attempt == MAX_ATTEMPTS) {
                return result;
            }
            discardGradients.run();
        }
    }

    /** Collections so far, over every collector of the JVM. */
    private static long count() {
        long total = 0;
        for (GarbageCollectorMXBean collector : COLLECTORS) {
            total += Math.max(0, collector.getCollectionCount());
        }
        return total;
    }

    /** Drops the gradient accumulated on a parameter (libtorch adds each backward pass to it). */
    public static void discardGradient(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }
}
