package dev.lossforge.sandbox;

import dev.lossforge.sandbox.LossRejectedException.Kind;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Layer C: checks the class files Janino produced. Every class they reference (as an owner of a
 * call or field, in a descriptor, in the constant pool at all) must be on the run-time allow-list,
 * and no call may be on the deny-list of {@link SandboxPolicy}. This catches what the source check
 * cannot see without types: chained calls through allowed types
 * ({@code x.getManager().getEngine()}), denied overloads ({@code create(Shape)}), and anything a
 * bug in the source check let through. It also re-checks the structural rules on the bytecode:
 * no loops (backward branches), no exception handlers, no monitors, no native or synchronized
 * methods, no static initialiser, no mutable fields.
 *
 * <p>Without loops and recursion every instruction of a method runs at most once per call, but
 * helper methods still multiply: a helper that calls the next one twice, thirty levels deep, runs
 * 2^30 operations, and every array they make stays attached to the batch until the step ends. So
 * the check also expands the calls among the loss's own methods and bounds the operations (calls
 * and allocations) one call of any method can execute by {@link #MAX_OPERATIONS}. With the
 * {@link NDArrayDenyList} keeping every array at most [B], that bounds the memory one call takes.
 *
 * <p>A rejection names the source line from the LineNumberTable and, where the name can be found
 * on that line, the column.
 */
final class BytecodeChecker {

    private static final String LOSS_INTERFACE = "dev/lossforge/loss/PreferenceLoss";

    /**
     * The most operations (method calls and allocations, with the loss's own helper calls expanded)
     * one call of a loss method may execute. The largest built-in loss (ddo-rm) executes 45; the
     * slowest loss this bound admits takes well under a second to validate.
     */
    static final int MAX_OPERATIONS = 2_000;

    private final String[] lines;
    private final Set<String> ownClasses;

    private BytecodeChecker(String source, Set<String> ownClasses) {
        this.lines = source.split("\r\n|\r|\n", -1);
        this.ownClasses = ownClasses;
    }

    /**
     * @param classFile  the parsed class file of the loss
     * @param source     its source text (to place rejections)
     * @param ownClasses internal names ({@code a/b/C}) of the classes compiled from the source
     */
    static void check(ClassFile classFile, String source, Set<String> ownClasses) throws LossRejectedException {
        new BytecodeChecker(source, ownClasses).run(classFile);
    }

    static ClassFile parse(byte[] bytes) throws LossRejectedException {
        try {
            return ClassFile.parse(bytes);
        } catch (IOException | RuntimeException e) {
            throw new LossRejectedException(Kind.FORBIDDEN, "the compiled class could not be verified ("
                    + e.getMessage() + ")");
        }
    }

    private void run(ClassFile cf) throws LossRejectedException {
        if (!"java/lang/Object".equals(cf.superClass)) {
            throw new LossRejectedException(Kind.NOT_A_LOSS, "the loss class must not extend another class");
        }
        for (String i : cf.interfaces) {
            if (!i.equals(LOSS_INTERFACE)) {
                throw new LossRejectedException(Kind.FORBIDDEN, "the loss class may implement only PreferenceLoss, "
                        + "not " + i.replace('/', '.'));
            }
        }
        for (ClassFile.FieldInfo f : cf.fields) {
            boolean isStatic = (f.access() & ClassFile.ACC_STATIC) != 0;
            if ((f.access() & ClassFile.ACC_FINAL) == 0) {
                throw at(fieldLine(f.name()), f.name(), Kind.FORBIDDEN, (isStatic ? "mutable static field '"
                        : "mutable instance field '") + f.name() + "': a loss must not keep state");
            }
            checkDescriptor(f.descriptor(), fieldLine(f.name()), f.name(), "field " + f.name());
        }
        for (ClassFile.MethodInfo m : cf.methods) {
            checkMethod(m);
        }
        checkPool(cf);
        checkCalls(cf);
    }

    /**
     * Recursion, seen with exact types: edges are calls whose owner is the loss class (static,
     * virtual or through a cast) and calls of {@code PreferenceLoss.compute}, which can only reach
     * the loss itself. Also refuses {@code new} of the loss class: only the factory creates it.
     */
    private void checkCalls(ClassFile cf) throws LossRejectedException {
        for (ClassFile.MethodInfo m : cf.methods) {
            for (ClassFile.Reference r : m.references()) {
                if (r.opcode() == 0xbb && ownClasses.contains(cf.className(r.index()))) {
                    throw at(m.lineAt(r.pc()), null, Kind.FORBIDDEN, "a loss must not create instances of its own "
                            + "class: call your helper methods directly");
                }
            }
        }
        java.util.Map<String, List<String[]>> edges = callEdges(cf, ownClasses);
        for (String start : edges.keySet()) {
            List<String[]> path = new ArrayList<>();
            if (cycle(edges, start, start, path, new java.util.HashSet<>())) {
                StringBuilder chain = new StringBuilder(start.substring(0, start.indexOf('(')));
                for (String[] step : path) {
                    chain.append(" calls ").append(step[2]);
                }
                String[] closing = path.get(path.size() - 1);
                throw at(Integer.parseInt(closing[1]), closing[2], Kind.FORBIDDEN, "recursion is not allowed: "
                        + chain + "; a loss must finish in bounded time");
            }
        }
        checkOperations(cf, edges);
    }

    /**
     * The calls among the loss's own methods: for each caller (name + descriptor), one entry per
     * call instruction: {callee name + descriptor, source line, callee name}.
     */
    private static java.util.Map<String, List<String[]>> callEdges(ClassFile cf, Set<String> ownClasses) {
        java.util.Map<String, List<String[]>> edges = new java.util.LinkedHashMap<>();
        String compute = "compute(Ldev/lossforge/loss/PreferenceBatch;)Lai/djl/ndarray/NDArray;";
        for (ClassFile.MethodInfo m : cf.methods) {
            String caller = m.name() + m.descriptor();
            for (ClassFile.Reference r : m.references()) {
                ClassFile.Constant c = cf.pool[r.index()];
                if (c.tag() != ClassFile.TAG_METHODREF && c.tag() != ClassFile.TAG_INTERFACE_METHODREF) {
                    continue;
                }
                String owner = cf.className(c.a());
                ClassFile.Constant nat = cf.pool[c.b()];
                String callee = cf.utf8(nat.a()) + cf.utf8(nat.b());
                boolean own = ownClasses.contains(owner) && !callee.startsWith("<init>");
                boolean viaInterface = owner.equals(LOSS_INTERFACE) && callee.equals(compute);
                if (own || viaInterface) {
                    edges.computeIfAbsent(caller, k -> new ArrayList<>())
                            .add(new String[] {callee, Integer.toString(m.lineAt(r.pc())), cf.utf8(nat.a())});
                }
            }
        }
        return edges;
    }

    /**
     * The operations one call of each method executes at most, its own helper calls expanded
     * (name + descriptor to count). Only for class files without recursion.
     */
    static java.util.Map<String, Long> operations(ClassFile cf, Set<String> ownClasses) {
        return expandedOperations(cf, callEdges(cf, ownClasses));
    }

    private static java.util.Map<String, Long> expandedOperations(ClassFile cf,
                                                                   java.util.Map<String, List<String[]>> edges) {
        java.util.Map<String, Long> own = new java.util.HashMap<>();
        for (ClassFile.MethodInfo m : cf.methods) {
            long count = m.primitiveArrays();
            for (ClassFile.Reference r : m.references()) {
                if (isOperation(r.opcode())) {
                    count++;
                }
            }
            // a call of an own method counts as the operations of that method, added below
            count -= edges.getOrDefault(m.name() + m.descriptor(), List.of()).size();
            own.put(m.name() + m.descriptor(), count);
        }
        java.util.Map<String, Long> expanded = new java.util.HashMap<>();
        for (String method : own.keySet()) {
            expand(method, own, edges, expanded);
        }
        return expanded;
    }

    /**
     * Bounds the operations of every method with its own helper calls expanded. The call graph has
     * no cycles here (recursion was rejected), so the expansion is a sum over a DAG.
     */
    private void checkOperations(ClassFile cf, java.util.Map<String, List<String[]>> edges)
            throws LossRejectedException {
        java.util.Map<String, Long> expanded = expandedOperations(cf, edges);
        String heaviest = null;
        for (java.util.Map.Entry<String, Long> e : expanded.entrySet()) {
            if (heaviest == null || e.getValue() > expanded.get(heaviest)) {
                heaviest = e.getKey();
            }
        }
        if (heaviest == null || expanded.get(heaviest) <= MAX_OPERATIONS) {
            return;
        }
        // explain along the heaviest chain of calls, and point at the first call that starts it
        StringBuilder chain = new StringBuilder();
        String at = heaviest;
        String[] firstStep = null;
        for (int depth = 0; depth < 6; depth++) {
            java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
            java.util.Map<String, String[]> firstCall = new java.util.HashMap<>();
            for (String[] step : edges.getOrDefault(at, List.of())) {
                counts.merge(step[0], 1, Integer::sum);
                firstCall.putIfAbsent(step[0], step);
            }
            String next = null;
            for (java.util.Map.Entry<String, Integer> e : counts.entrySet()) {
                if (next == null || e.getValue() * expanded.get(e.getKey())
                        > counts.get(next) * expanded.get(next)) {
                    next = e.getKey();
                }
            }
            if (next == null) {
                break;
            }
            if (firstStep == null) {
                firstStep = firstCall.get(next);
            }
            chain.append(chain.length() == 0 ? "" : ", ").append(methodName(at)).append(" calls ")
                    .append(methodName(next)).append(counts.get(next) == 1 ? " once" : " " + counts.get(next) + " times");
            at = next;
        }
        String total = expanded.get(heaviest) > Integer.MAX_VALUE ? "more than " + Integer.MAX_VALUE
                : Long.toString(expanded.get(heaviest));
        String reason = "the loss runs " + total + " operations (calls and allocations) in one call of "
                + methodName(heaviest) + " once its helper calls are expanded" + (chain.length() > 0 ? " ("
                + chain + ")" : "") + "; at most " + MAX_OPERATIONS + " are allowed, because every array a loss "
                + "makes stays in memory until the training step ends: a loss is a few dozen vectorised operations, "
                + "so compute shared values once, keep them in locals and pass them to helpers instead of calling "
                + "a helper repeatedly";
        if (firstStep != null) {
            throw at(Integer.parseInt(firstStep[1]), firstStep[2], Kind.FORBIDDEN, reason);
        }
        int line = 0;
        for (ClassFile.MethodInfo m : cf.methods) {
            if ((m.name() + m.descriptor()).equals(heaviest)) {
                line = m.firstLine();
            }
        }
        throw at(line, null, Kind.FORBIDDEN, reason);
    }

    private static long expand(String method, java.util.Map<String, Long> own,
                               java.util.Map<String, List<String[]>> edges, java.util.Map<String, Long> expanded) {
        Long known = expanded.get(method);
        if (known != null) {
            return known;
        }
        long total = own.getOrDefault(method, 0L);
        for (String[] step : edges.getOrDefault(method, List.of())) {
            // saturate: a deep fan-out overflows a long
            total = Math.min(Long.MAX_VALUE / 4, total + expand(step[0], own, edges, expanded));
        }
        expanded.put(method, total);
        return total;
    }

    private static boolean isOperation(int opcode) {
        return switch (opcode) {
            case 0xb6, 0xb7, 0xb8, 0xb9, 0xbb, 0xbd, 0xc5 -> true; // invoke*, new, anewarray, multianewarray
            default -> false;
        };
    }

    private static String methodName(String nameAndDescriptor) {
        String name = nameAndDescriptor.substring(0, nameAndDescriptor.indexOf('('));
        return name.equals("<init>") ? "the constructor" : name;
    }

    private static boolean cycle(java.util.Map<String, List<String[]>> edges, String start, String at,
                                 List<String[]> path, java.util.Set<String> visited) {
        for (String[] step : edges.getOrDefault(at, List.of())) {
            path.add(step);
            if (step[0].equals(start)) {
                return true;
            }
            if (visited.add(step[0]) && cycle(edges, start, step[0], path, visited)) {
                return true;
            }
            path.remove(path.size() - 1);
        }
        return false;
    }

    private void checkMethod(ClassFile.MethodInfo m) throws LossRejectedException {
        String what = m.name().equals("<init>") ? "the constructor" : "method " + m.name();
        int first = m.firstLine();
        if (m.name().equals("<clinit>")) {
            throw at(first, null, Kind.FORBIDDEN, "static initialisation code is not allowed: static fields must "
                    + "be constants ('static final double NAME = 0.5;')");
        }
        if ((m.access() & ClassFile.ACC_NATIVE) != 0) {
            throw at(first, m.name(), Kind.FORBIDDEN, "native methods are not allowed (" + m.name() + ")");
        }
        if ((m.access() & ClassFile.ACC_SYNCHRONIZED) != 0 || m.monitorPc() >= 0) {
            throw at(m.monitorPc() >= 0 ? m.lineAt(m.monitorPc()) : first, null, Kind.FORBIDDEN,
                    "synchronized is not allowed in " + what);
        }
        if (m.backwardBranchPc() >= 0) {
            throw at(m.lineAt(m.backwardBranchPc()), null, Kind.FORBIDDEN, "loops are not allowed in a loss ("
                    + what + " jumps backwards): use vectorised NDArray operations");
        }
        if (m.exceptionHandlers() > 0) {
            throw at(first, null, Kind.FORBIDDEN, "exception handlers are not allowed in " + what
                    + ": let exceptions propagate");
        }
        checkDescriptor(m.descriptor(), first, m.name(), what);
    }

    private void checkPool(ClassFile cf) throws LossRejectedException {
        // instructions first: they carry a line number
        for (ClassFile.MethodInfo m : cf.methods) {
            for (ClassFile.Reference r : m.references()) {
                checkReference(cf, cf.pool[r.index()], m.lineAt(r.pc()));
            }
        }
        // then everything else in the pool, referenced from an instruction or not
        for (ClassFile.Constant c : cf.pool) {
            if (c != null) {
                checkReference(cf, c, 0);
            }
        }
    }

    private void checkReference(ClassFile cf, ClassFile.Constant c, int line) throws LossRejectedException {
        switch (c.tag()) {
            case ClassFile.TAG_CLASS -> checkClass(cf.utf8(c.a()), line, "");
            case ClassFile.TAG_FIELDREF, ClassFile.TAG_METHODREF, ClassFile.TAG_INTERFACE_METHODREF -> {
                String owner = cf.className(c.a());
                ClassFile.Constant nat = cf.pool[c.b()];
                String name = cf.utf8(nat.a());
                String descriptor = cf.utf8(nat.b());
                String ownerName = owner.replace('/', '.');
                String simpleOwner = ownerName.substring(ownerName.lastIndexOf('.') + 1);
                if (c.tag() != ClassFile.TAG_FIELDREF && !ownClasses.contains(owner)) {
                    String denied = SandboxPolicy.deniedCall(ownerName, name, descriptor);
                    if (denied != null) {
                        throw name.equals("<init>") ? atConstructor(line, simpleOwner, denied)
                                : at(line, name, Kind.FORBIDDEN, denied);
                    }
                }
                checkClass(owner, line, " (" + simpleOwner + "." + name + ")");
                checkDescriptor(descriptor, line, name, simpleOwner + "." + name);
            }
            case ClassFile.TAG_NAME_AND_TYPE -> checkDescriptor(cf.utf8(c.b()), line, cf.utf8(c.a()),
                    cf.utf8(c.a()));
            case ClassFile.TAG_METHOD_TYPE -> checkDescriptor(cf.utf8(c.a()), line, null, "a method type");
            case ClassFile.TAG_INVOKE_DYNAMIC, ClassFile.TAG_DYNAMIC, ClassFile.TAG_METHOD_HANDLE ->
                    throw at(line, null, Kind.FORBIDDEN, "dynamic invocation (invokedynamic, method handles) is not "
                            + "allowed in a loss");
            default -> {
                // values and names: nothing to check
            }
        }
    }

    private void checkClass(String internalName, int line, String via) throws LossRejectedException {
        String name = internalName;
        while (name.startsWith("[")) {
            name = name.substring(1);
        }
        if (name.length() == 1) {
            return; // array of a primitive type
        }
        if (name.startsWith("L") && name.endsWith(";")) {
            name = name.substring(1, name.length() - 1);
        }
        if (ownClasses.contains(name)) {
            return;
        }
        String binary = name.replace('/', '.');
        if (!SandboxPolicy.isRuntimeAllowed(binary)) {
            String simple = binary.substring(binary.lastIndexOf('.') + 1);
            String reason = SandboxPolicy.forbiddenNameReason(simple);
            throw at(line, simple, Kind.FORBIDDEN, "the loss uses " + binary + via + ", which is not available in "
                    + "the sandbox" + (reason != null ? ": " + reason : "") + " (a loss may use "
                    + SandboxPolicy.allowedSummary() + ")");
        }
    }

    private void checkDescriptor(String descriptor, int line, String name, String what) throws LossRejectedException {
        for (String type : descriptorClasses(descriptor)) {
            checkClass(type, line, " (in " + what + ")");
        }
    }

    /** The internal names of the classes a field or method descriptor mentions. */
    static List<String> descriptorClasses(String descriptor) {
        List<String> result = new ArrayList<>();
        int i = 0;
        while (i < descriptor.length()) {
            if (descriptor.charAt(i) == 'L') {
                int end = descriptor.indexOf(';', i);
                if (end < 0) {
                    break;
                }
                result.add(descriptor.substring(i + 1, end));
                i = end + 1;
            } else {
                i++;
            }
        }
        return result;
    }

    private int fieldLine(String field) {
        for (int i = 0; i < lines.length; i++) {
            if (wordColumn(lines[i], field) > 0) {
                return i + 1;
            }
        }
        return 0;
    }

    private LossRejectedException at(int line, String name, Kind kind, String reason) {
        int column = 0;
        if (line > 0 && line <= lines.length && name != null) {
            column = wordColumn(lines[line - 1], name);
        }
        return new LossRejectedException(kind, line, column, reason);
    }

    private LossRejectedException atConstructor(int line, String simpleClass, String reason) {
        int column = 0;
        if (line > 0 && line <= lines.length) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\bnew\\s+(?:[\\w.]+\\.)?("
                    + java.util.regex.Pattern.quote(simpleClass) + ")\\b").matcher(lines[line - 1]);
            if (m.find()) {
                column = m.start(1) + 1;
            }
        }
        return new LossRejectedException(Kind.FORBIDDEN, line, column, reason);
    }

    /** 1-based column of {@code word} as a whole identifier in {@code text}, 0 when absent. */
    static int wordColumn(String text, String word) {
        int from = 0;
        while (true) {
            int i = text.indexOf(word, from);
            if (i < 0) {
                return 0;
            }
            boolean startOk = i == 0 || !Character.isJavaIdentifierPart(text.charAt(i - 1));
            int end = i + word.length();
            boolean endOk = end >= text.length() || !Character.isJavaIdentifierPart(text.charAt(end));
            if (startOk && endOk) {
                return i + 1;
            }
            from = i + 1;
        }
    }
}
