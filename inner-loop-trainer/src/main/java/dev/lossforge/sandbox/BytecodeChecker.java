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
 * <p>A rejection names the source line from the LineNumberTable and, where the name can be found
 * on that line, the column.
 */
final class BytecodeChecker {

    private static final String LOSS_INTERFACE = "dev/lossforge/loss/PreferenceLoss";

    private final String source;
    private final String[] lines;
    private final Set<String> ownClasses;

    private BytecodeChecker(String source, Set<String> ownClasses) {
        this.source = source;
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
