package dev.lossforge.sandbox;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What sandboxed loss code may name and call. The single source of truth for all three layers:
 * the source check (names written in the source), the compile-time class loader (what Janino may
 * resolve) and the bytecode check (what the compiled class references).
 *
 * <p>The allow-list is a list of classes, not of packages: {@code ai.djl.ndarray} also holds
 * {@code BaseNDManager}, {@code NDScope} and {@code NDSerializer}, which a loss has no business with.
 * An on-demand import such as {@code import ai.djl.ndarray.*;} still works for the allowed classes.
 *
 * <p>Which methods of the allowed classes a loss may call is decided per call in
 * {@link #deniedCall}: for the DJL ndarray types by the reviewed {@link NDArrayDenyList}, for
 * String and StringBuilder by what string concatenation compiles to, for exceptions by "create
 * and throw only".
 */
final class SandboxPolicy {

    /** The classes a compiled loss may reference at run time. */
    static final Set<String> RUNTIME_CLASSES = Set.of(
            "ai.djl.ndarray.NDArray",
            "ai.djl.ndarray.NDArrays",
            "ai.djl.ndarray.NDManager",
            "ai.djl.ndarray.NDList",
            "ai.djl.ndarray.NDResource",
            "ai.djl.ndarray.types.Shape",
            "ai.djl.ndarray.types.DataType",
            "ai.djl.ndarray.index.NDIndex",
            "dev.lossforge.loss.PreferenceLoss",
            "dev.lossforge.loss.PreferenceBatch",
            "dev.lossforge.loss.Ops",
            "dev.lossforge.loss.MissingInputException",
            "java.lang.Object",
            "java.lang.Math",
            "java.lang.StrictMath",
            "java.lang.String",
            "java.lang.StringBuilder",
            "java.lang.Number",
            "java.lang.Double",
            "java.lang.Float",
            "java.lang.Integer",
            "java.lang.Long",
            "java.lang.Boolean",
            "java.lang.Override",
            "java.lang.IllegalArgumentException",
            "java.lang.IllegalStateException",
            "java.lang.ArithmeticException");

    /** Packages a source may import on demand ({@code import P.*;}); only their allowed classes resolve. */
    static final Set<String> IMPORTABLE_PACKAGES = Set.of(
            "ai.djl.ndarray", "ai.djl.ndarray.types", "ai.djl.ndarray.index", "dev.lossforge.loss", "java.lang");

    /**
     * Types Janino's own {@code IClassLoader.postConstruct()} loads before compiling anything (it
     * fails without them; see Janino 3.1.12 {@code IClassLoader}), plus the annotation types it
     * reads to check {@code @Override}. The source check keeps loss code
     * from naming the dangerous ones ({@code System}, {@code Class}), the bytecode check from
     * referencing them.
     */
    static final List<String> JANINO_BOOTSTRAP_CLASSES = List.of(
            "java.lang.annotation.Retention", "java.lang.AssertionError", "java.lang.Boolean", "java.lang.Byte",
            "java.lang.Character", "java.lang.Class", "java.lang.Cloneable", "java.lang.Double", "java.lang.Enum",
            "java.lang.Error", "java.lang.Exception", "java.lang.Float", "java.lang.Integer", "java.lang.Iterable",
            "java.lang.Long", "java.lang.Object", "java.lang.Override", "java.lang.RuntimeException",
            "java.lang.Short", "java.lang.String", "java.lang.StringBuilder", "java.lang.System",
            "java.lang.Throwable", "java.lang.Void", "java.io.Serializable", "java.util.Iterator",
            // read when Janino checks an annotation (@Override) against its @Target
            "java.lang.annotation.Annotation", "java.lang.annotation.Target", "java.lang.annotation.ElementType",
            "java.lang.annotation.RetentionPolicy");

    /**
     * What Janino may resolve while compiling: the run-time allow-list, its bootstrap types, and
     * every type that appears in the public signatures, member types or supertypes of those
     * classes. Janino needs the latter to pick an overload: resolving {@code manager.create(0.0)}
     * loads the parameter types of every {@code create} method, {@code java.nio.Buffer} included.
     * Such types can be named at compile time but are rejected by the source check before and by
     * the bytecode check after, and do not resolve at run time.
     */
    static final Set<String> COMPILE_TIME_CLASSES = compileTimeClosure();

    /**
     * What a compiled loss class links against: the run-time allow-list and all its supertypes.
     * The bytecode verifier loads supertypes through the loss's own class loader to check
     * assignments ({@code throw new MissingInputException(..)} needs {@code java.lang.Throwable});
     * the bytecode check still refuses any reference to them.
     */
    static final Set<String> LINK_TIME_CLASSES = supertypeClosure(RUNTIME_CLASSES);

    /** Why a class that is not allowed is refused, for the names a hostile source reaches for. */
    private static final Map<String, String> FORBIDDEN_NAMES = forbiddenNames();

    /** Methods refused on any receiver (the names are unambiguous), with the reason. */
    private static final Map<String, String> FORBIDDEN_METHOD_NAMES = forbiddenMethodNames();

    /** The exception types a loss may throw: it creates them in a throw statement and does nothing else with them. */
    static final Set<String> THROWABLES = Set.of("java.lang.IllegalArgumentException",
            "java.lang.IllegalStateException", "java.lang.ArithmeticException",
            "dev.lossforge.loss.MissingInputException");

    /** Why strings are restricted, for messages of both the source and the bytecode check. */
    static final String TEXT_RULE = "strings only appear in exception messages, built with + from literals, "
            + "static final String constants and numbers (throw new IllegalArgumentException(\"beta must be positive, "
            + "got \" + beta))";

    /**
     * The StringBuilder calls that Janino compiles string concatenation ({@code "a" + x}) to, and
     * nothing else: without {@code append(CharSequence)} and a StringBuilder the loss can name, a
     * builder cannot be appended to itself.
     */
    private static final Set<String> CONCATENATION = Set.of("<init>()V", "<init>(Ljava/lang/String;)V",
            "append(Ljava/lang/String;)Ljava/lang/StringBuilder;", "append(Ljava/lang/Object;)Ljava/lang/StringBuilder;",
            "append(D)Ljava/lang/StringBuilder;", "append(F)Ljava/lang/StringBuilder;",
            "append(I)Ljava/lang/StringBuilder;", "append(J)Ljava/lang/StringBuilder;",
            "append(Z)Ljava/lang/StringBuilder;", "append(C)Ljava/lang/StringBuilder;", "toString()Ljava/lang/String;");

    private SandboxPolicy() {
    }

    static boolean isRuntimeAllowed(String binaryName) {
        return RUNTIME_CLASSES.contains(binaryName);
    }

    static boolean isLinkTimeAllowed(String binaryName) {
        return LINK_TIME_CLASSES.contains(binaryName);
    }

    static boolean isCompileTimeAllowed(String binaryName) {
        return COMPILE_TIME_CLASSES.contains(binaryName);
    }

    /** The reason a name that looks like a forbidden facility is refused, or null. */
    static String forbiddenNameReason(String simpleName) {
        return FORBIDDEN_NAMES.get(simpleName);
    }

    /** The reason a method name is refused whatever its receiver, or null. */
    static String forbiddenMethodReason(String methodName) {
        return FORBIDDEN_METHOD_NAMES.get(methodName);
    }

    /** Short list of what a loss may use, for error messages. */
    static String allowedSummary() {
        return "NDArray, NDArrays, NDManager (scalar create only), NDList, Shape, DataType, NDIndex, "
                + "PreferenceBatch, Ops, MissingInputException, Math, StrictMath, the boxed numbers, "
                + "IllegalArgumentException/IllegalStateException/ArithmeticException, and String for "
                + "static final constants and exception messages";
    }

    /**
     * Whether a call that the bytecode makes is refused, and why (null when it is allowed).
     *
     * @param owner      binary class name of the receiver, e.g. {@code ai.djl.ndarray.NDManager}
     * @param name       method name, {@code <init>} for constructors
     * @param descriptor JVM method descriptor
     */
    static String deniedCall(String owner, String name, String descriptor) {
        String anyOwner = FORBIDDEN_METHOD_NAMES.get(name);
        if (anyOwner != null) {
            return anyOwner;
        }
        if (NDArrayDenyList.OWNERS.contains(owner)) {
            return NDArrayDenyList.deniedCall(owner, name, descriptor);
        }
        if (THROWABLES.contains(owner) && !name.equals("<init>")) {
            return owner.substring(owner.lastIndexOf('.') + 1) + "." + name + " is not allowed: exceptions are only "
                    + "created and thrown ('throw new IllegalArgumentException(\"...\")'), never kept or read";
        }
        switch (owner) {
            case "java.lang.Math", "java.lang.StrictMath" -> {
                if (name.equals("random")) {
                    return "Math.random makes the loss non-deterministic: a loss must compute the same value "
                            + "for the same batch";
                }
            }
            case "java.lang.String" -> {
                // what Janino compiles '+' to: String.valueOf of the operands, joined with concat for two
                // of them (and for constants longer than a class-file constant) or a StringBuilder for more
                if (!name.equals("valueOf") && !(name.equals("concat") && descriptor.equals(
                        "(Ljava/lang/String;)Ljava/lang/String;"))) {
                    return "String." + name + " is not allowed in a loss: " + TEXT_RULE;
                }
            }
            case "java.lang.StringBuilder" -> {
                if ((name.equals("<init>") && descriptor.equals("(I)V")) || name.equals("setLength")
                        || name.equals("ensureCapacity")) {
                    return "StringBuilder capacities are not allowed in a loss (they allocate without bound)";
                }
                if (!CONCATENATION.contains(name + descriptor)) {
                    return "StringBuilder." + (name.equals("<init>") ? "<init>" : name) + " is not allowed in a loss: "
                            + TEXT_RULE;
                }
            }
            case "java.lang.Integer", "java.lang.Long", "java.lang.Boolean" -> {
                if (name.equals("getInteger") || name.equals("getLong") || name.equals("getBoolean")) {
                    return owner.substring("java.lang.".length()) + "." + name
                            + " reads system properties, which a loss must not do";
                }
            }
            default -> {
                if (name.equals("printStackTrace")) {
                    return "printStackTrace writes to the process's standard error: let the exception propagate";
                }
            }
        }
        return null;
    }

    private static Map<String, String> forbiddenMethodNames() {
        Map<String, String> names = new LinkedHashMap<>();
        String reflection = "reflection is not allowed in a loss";
        for (String name : List.of("getClass", "forName", "getClassLoader", "getContextClassLoader",
                "getSystemClassLoader", "setAccessible", "getDeclaredMethod", "getDeclaredMethods",
                "getDeclaredField", "getDeclaredFields", "getDeclaredConstructor", "getDeclaredConstructors",
                "getMethod", "getMethods", "getField", "getFields", "getConstructor", "newInstance", "defineClass",
                "loadClass", "privateLookupIn")) {
            names.put(name, reflection + " (" + name + ")");
        }
        for (String name : List.of("exit", "halt", "getRuntime", "exec", "loadLibrary", "getenv", "getProperty",
                "setProperty", "getProperties", "addShutdownHook", "setSecurityManager", "runFinalization")) {
            names.put(name, name + " controls the process or its environment, which a loss must not touch");
        }
        names.put("close", "close() is not allowed: a loss must never close arrays or managers, the trainer owns "
                + "them");
        for (String name : List.of("wait", "notify", "notifyAll")) {
            names.put(name, name + " is thread synchronisation, which a loss must not use");
        }
        return Map.copyOf(names);
    }

    private static Map<String, String> forbiddenNames() {
        Map<String, String> names = new LinkedHashMap<>();
        put(names, "reflection and class loading are not allowed in a loss", "Class", "ClassLoader",
                "URLClassLoader", "Method", "Field", "Constructor", "MethodHandle", "MethodHandles", "VarHandle",
                "Proxy", "Unsafe", "Lookup", "Modifier", "AccessibleObject", "Module", "ModuleLayer",
                "StackWalker", "ServiceLoader", "Instrumentation");
        put(names, "threads and concurrency are not allowed in a loss", "Thread", "ThreadGroup", "ThreadLocal",
                "InheritableThreadLocal", "Runnable", "Callable", "Executor", "Executors", "ExecutorService",
                "ScheduledExecutorService", "ForkJoinPool", "CompletableFuture", "Future", "Timer", "TimerTask",
                "Semaphore", "CountDownLatch", "Lock", "ReentrantLock", "AtomicInteger", "AtomicLong");
        put(names, "file and stream I/O is not allowed in a loss", "File", "Files", "Path", "Paths",
                "FileSystem", "FileSystems", "FileInputStream", "FileOutputStream", "FileReader", "FileWriter",
                "RandomAccessFile", "InputStream", "OutputStream", "Reader", "Writer", "PrintStream",
                "PrintWriter", "BufferedReader", "BufferedWriter", "Scanner", "Console", "FileChannel",
                "ObjectInputStream", "ObjectOutputStream", "InputStreamReader", "OutputStreamWriter");
        put(names, "network access is not allowed in a loss", "Socket", "ServerSocket", "DatagramSocket",
                "SocketChannel", "URL", "URI", "URLConnection", "HttpURLConnection", "HttpClient", "HttpRequest",
                "InetAddress", "InetSocketAddress");
        put(names, "System, Runtime and processes are not available in a loss", "System", "Runtime",
                "ProcessBuilder", "Process", "ProcessHandle", "SecurityManager", "Shutdown");
        put(names, "the DJL engine, devices and training classes are not available in a loss: use NDArray "
                + "operations and Ops", "Engine", "Device", "GradientCollector", "Model", "Block",
                "ParameterStore", "Trainer", "NDScope", "BaseNDManager", "NDSerializer");
        return Map.copyOf(names);
    }

    private static void put(Map<String, String> names, String reason, String... simpleNames) {
        for (String name : simpleNames) {
            names.put(name, reason);
        }
    }

    private static Set<String> compileTimeClosure() {
        Set<String> result = new TreeSet<>(RUNTIME_CLASSES);
        Deque<Class<?>> supertypes = new ArrayDeque<>();
        ClassLoader loader = SandboxPolicy.class.getClassLoader();
        // Janino's bootstrap types resolve, but not their signatures: System's and Class's would
        // bring in streams, reflection and class loaders that no loss needs to see
        for (String name : JANINO_BOOTSTRAP_CLASSES) {
            result.add(name);
            supertypes.add(load(loader, name));
        }
        for (String name : RUNTIME_CLASSES) {
            Class<?> c = load(loader, name);
            result.add(name);
            supertypes.add(c);
            for (Method m : c.getMethods()) {
                addSignature(result, supertypes, m.getReturnType(), m.getParameterTypes(), m.getExceptionTypes());
            }
            for (Constructor<?> k : c.getConstructors()) {
                addSignature(result, supertypes, void.class, k.getParameterTypes(), k.getExceptionTypes());
            }
            for (Field f : c.getFields()) {
                addSignature(result, supertypes, f.getType(), new Class<?>[0], new Class<?>[0]);
            }
            for (Class<?> member : c.getDeclaredClasses()) {
                if (Modifier.isPublic(member.getModifiers())) {
                    addType(result, supertypes, member);
                }
            }
        }
        // Janino walks superclasses and interfaces when it checks assignability and looks up methods
        Set<Class<?>> seen = new HashSet<>();
        while (!supertypes.isEmpty()) {
            Class<?> c = supertypes.pop();
            if (!seen.add(c)) {
                continue;
            }
            result.add(c.getName());
            if (c.getSuperclass() != null) {
                supertypes.add(c.getSuperclass());
            }
            supertypes.addAll(List.of(c.getInterfaces()));
        }
        return Set.copyOf(result);
    }

    private static Set<String> supertypeClosure(Set<String> names) {
        Set<String> result = new TreeSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (String name : names) {
            todo.add(load(SandboxPolicy.class.getClassLoader(), name));
        }
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (result.add(c.getName())) {
                if (c.getSuperclass() != null) {
                    todo.add(c.getSuperclass());
                }
                todo.addAll(List.of(c.getInterfaces()));
            }
        }
        return Set.copyOf(result);
    }

    private static void addSignature(Set<String> result, Deque<Class<?>> supertypes, Class<?> returnType,
                                     Class<?>[] parameters, Class<?>[] exceptions) {
        addType(result, supertypes, returnType);
        for (Class<?> p : parameters) {
            addType(result, supertypes, p);
        }
        for (Class<?> e : exceptions) {
            addType(result, supertypes, e);
        }
    }

    private static void addType(Set<String> result, Deque<Class<?>> supertypes, Class<?> type) {
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (type.isPrimitive()) {
            return;
        }
        result.add(type.getName());
        supertypes.add(type);
    }

    private static Class<?> load(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("sandbox allow-list names a class that is not on the class path: " + name, e);
        }
    }
}
