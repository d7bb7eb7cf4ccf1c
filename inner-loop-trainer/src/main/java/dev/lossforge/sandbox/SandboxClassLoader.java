package dev.lossforge.sandbox;

import java.util.Map;

/**
 * Defines the classes compiled from one loss source and lets them link only against the
 * run-time allow-list of {@link SandboxPolicy} and its supertypes (which the verifier needs): any
 * other class is "not found", whatever the bytecode says. One loader per compiled loss, so a loss and its constants can be unloaded with it.
 */
final class SandboxClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes;
    private final ClassLoader application;

    SandboxClassLoader(Map<String, byte[]> classes, ClassLoader application) {
        super("lossforge-sandbox", null);
        this.classes = Map.copyOf(classes);
        this.application = application;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded != null) {
                return loaded;
            }
            byte[] bytes = classes.get(name);
            if (bytes != null) {
                return defineClass(name, bytes, 0, bytes.length);
            }
            if (SandboxPolicy.isLinkTimeAllowed(name)) {
                return application.loadClass(name);
            }
            throw new ClassNotFoundException(name + " is not available in the loss sandbox");
        }
    }

    @Override
    public java.net.URL getResource(String name) {
        return null;
    }

    @Override
    public java.util.Enumeration<java.net.URL> getResources(String name) {
        return java.util.Collections.emptyEnumeration();
    }
}
