package dev.lossforge.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's grad mode, which is per thread. DJL's PyTorch engine turns it off only on the thread
 * that loads the engine; every other thread starts with libtorch's default, on. On such a thread
 * a forward pass outside a {@code GradientCollector} records an autograd graph nobody uses, and an
 * in-place write to a parameter fails ("a leaf Variable that requires grad is being used in an
 * in-place operation"). Which thread loads the engine first is an accident (a sandbox thread in the
 * service, a test's in the test JVM), so work that must not record gradients says so itself.
 */
public final class GradMode {

    private GradMode() {
    }

    /** Turns grad mode off on the calling thread; a {@code GradientCollector} turns it on while open. */
    public static void offOnThisThread() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
    }

    /** Runs {@code work} with grad mode off, then puts the thread's mode back as it was. */
    public static void withoutGradients(Runnable work) {
        Engine.getInstance();
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            work.run();
        } finally {
            JniUtils.setGradMode(before);
        }
    }
}
