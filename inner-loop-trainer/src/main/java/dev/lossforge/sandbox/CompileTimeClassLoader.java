package dev.lossforge.sandbox;

/**
 * Layer B: the parent class loader Janino compiles against. It resolves only
 * {@link SandboxPolicy#COMPILE_TIME_CLASSES} (the run-time allow-list, Janino's bootstrap types
 * and the types in the allowed classes' signatures) and nothing else, so a source that names any
 * other class does not compile. One per compilation; it defines nothing itself.
 */
final class CompileTimeClassLoader extends ClassLoader {

    private final ClassLoader application;

    CompileTimeClassLoader(ClassLoader application) {
        super(null);
        this.application = application;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!SandboxPolicy.isCompileTimeAllowed(name)) {
            // no cause: Janino reads a cause-less ClassNotFoundException as "no such class"
            throw new Refused(name);
        }
        return application.loadClass(name);
    }

    /**
     * Janino probes many names while resolving one (nested-class spellings, every import); a
     * refusal without a stack trace keeps that cheap.
     */
    private static final class Refused extends ClassNotFoundException {
        Refused(String name) {
            super(name);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
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
