package dev.lossforge.sandbox;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a JVM class file (JVMS chapter 4) the bytecode check needs: the constant pool, the
 * fields with their constant values, and for each method the instructions that reference the
 * constant pool, its branches, exception handlers and line numbers. A small parser of our own,
 * so that the sandbox needs no bytecode library.
 */
final class ClassFile {

    static final int ACC_STATIC = 0x0008;
    static final int ACC_FINAL = 0x0010;
    static final int ACC_SYNCHRONIZED = 0x0020;
    static final int ACC_NATIVE = 0x0100;

    static final int TAG_UTF8 = 1;
    static final int TAG_INTEGER = 3;
    static final int TAG_FLOAT = 4;
    static final int TAG_LONG = 5;
    static final int TAG_DOUBLE = 6;
    static final int TAG_CLASS = 7;
    static final int TAG_STRING = 8;
    static final int TAG_FIELDREF = 9;
    static final int TAG_METHODREF = 10;
    static final int TAG_INTERFACE_METHODREF = 11;
    static final int TAG_NAME_AND_TYPE = 12;
    static final int TAG_METHOD_HANDLE = 15;
    static final int TAG_METHOD_TYPE = 16;
    static final int TAG_DYNAMIC = 17;
    static final int TAG_INVOKE_DYNAMIC = 18;
    static final int TAG_MODULE = 19;
    static final int TAG_PACKAGE = 20;

    /** One constant-pool entry; {@code a} and {@code b} are the indexes or the value it holds. */
    record Constant(int tag, String utf8, int a, int b, long bits) {
    }

    record FieldInfo(int access, String name, String descriptor, Object constantValue) {
    }

    /** An instruction that references the constant pool, at bytecode offset {@code pc}. */
    record Reference(int pc, int opcode, int index) {
    }

    /**
     * @param primitiveArrays how many {@code newarray} instructions (arrays of a primitive type) the
     *                        method has; they reference no constant, so {@code references} lacks them
     */
    record MethodInfo(int access, String name, String descriptor, List<Reference> references,
                      int backwardBranchPc, int monitorPc, int exceptionHandlers, int[] lineTable,
                      int primitiveArrays) {

        /** The source line of the instruction at {@code pc}, or 0 when unknown. */
        int lineAt(int pc) {
            int line = 0;
            int bestStart = -1;
            for (int i = 0; i + 1 < lineTable.length; i += 2) {
                int start = lineTable[i];
                if (start <= pc && start > bestStart) {
                    bestStart = start;
                    line = lineTable[i + 1];
                }
            }
            return line;
        }

        /** The first line of the method, or 0. */
        int firstLine() {
            int line = 0;
            for (int i = 1; i < lineTable.length; i += 2) {
                if (line == 0 || lineTable[i] < line) {
                    line = lineTable[i];
                }
            }
            return line;
        }
    }

    final Constant[] pool;
    final int access;
    final String thisClass;
    final String superClass;
    final List<String> interfaces;
    final List<FieldInfo> fields;
    final List<MethodInfo> methods;

    private ClassFile(Constant[] pool, int access, String thisClass, String superClass, List<String> interfaces,
                      List<FieldInfo> fields, List<MethodInfo> methods) {
        this.pool = pool;
        this.access = access;
        this.thisClass = thisClass;
        this.superClass = superClass;
        this.interfaces = interfaces;
        this.fields = fields;
        this.methods = methods;
    }

    /** Internal name ({@code a/b/C}) of the class at a CONSTANT_Class index. */
    String className(int classIndex) {
        return pool[pool[classIndex].a()].utf8();
    }

    String utf8(int index) {
        return pool[index].utf8();
    }

    static ClassFile parse(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        Constant[] pool = new Constant[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case TAG_UTF8 -> pool[i] = new Constant(tag, in.readUTF(), 0, 0, 0);
                case TAG_INTEGER, TAG_FLOAT -> pool[i] = new Constant(tag, null, 0, 0, in.readInt());
                case TAG_LONG, TAG_DOUBLE -> {
                    pool[i] = new Constant(tag, null, 0, 0, in.readLong());
                    i++; // eight-byte constants take two slots
                }
                case TAG_CLASS, TAG_STRING, TAG_METHOD_TYPE, TAG_MODULE, TAG_PACKAGE ->
                        pool[i] = new Constant(tag, null, in.readUnsignedShort(), 0, 0);
                case TAG_FIELDREF, TAG_METHODREF, TAG_INTERFACE_METHODREF, TAG_NAME_AND_TYPE, TAG_DYNAMIC,
                     TAG_INVOKE_DYNAMIC -> pool[i] = new Constant(tag, null, in.readUnsignedShort(),
                        in.readUnsignedShort(), 0);
                case TAG_METHOD_HANDLE -> pool[i] = new Constant(tag, null, in.readUnsignedByte(),
                        in.readUnsignedShort(), 0);
                default -> throw new IOException("unknown constant pool tag " + tag + " at index " + i);
            }
        }
        int access = in.readUnsignedShort();
        int thisIndex = in.readUnsignedShort();
        int superIndex = in.readUnsignedShort();
        List<String> interfaces = new ArrayList<>();
        int interfaceCount = in.readUnsignedShort();
        ClassFile partial = new ClassFile(pool, access, null, null, List.of(), List.of(), List.of());
        for (int i = 0; i < interfaceCount; i++) {
            interfaces.add(partial.className(in.readUnsignedShort()));
        }
        List<FieldInfo> fields = new ArrayList<>();
        int fieldCount = in.readUnsignedShort();
        for (int i = 0; i < fieldCount; i++) {
            int fieldAccess = in.readUnsignedShort();
            String name = partial.utf8(in.readUnsignedShort());
            String descriptor = partial.utf8(in.readUnsignedShort());
            Object constant = null;
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attributeName = partial.utf8(in.readUnsignedShort());
                int length = in.readInt();
                if (attributeName.equals("ConstantValue") && length == 2) {
                    constant = constantValue(pool[in.readUnsignedShort()], partial);
                } else {
                    in.readNBytes(length);
                }
            }
            fields.add(new FieldInfo(fieldAccess, name, descriptor, constant));
        }
        List<MethodInfo> methods = new ArrayList<>();
        int methodCount = in.readUnsignedShort();
        for (int i = 0; i < methodCount; i++) {
            int methodAccess = in.readUnsignedShort();
            String name = partial.utf8(in.readUnsignedShort());
            String descriptor = partial.utf8(in.readUnsignedShort());
            MethodInfo method = new MethodInfo(methodAccess, name, descriptor, List.of(), -1, -1, 0, new int[0], 0);
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attributeName = partial.utf8(in.readUnsignedShort());
                byte[] body = in.readNBytes(in.readInt());
                if (attributeName.equals("Code")) {
                    method = code(methodAccess, name, descriptor, body, partial);
                }
            }
            methods.add(method);
        }
        String superName = superIndex == 0 ? null : partial.className(superIndex);
        return new ClassFile(pool, access, partial.className(thisIndex), superName, List.copyOf(interfaces),
                List.copyOf(fields), List.copyOf(methods));
    }

    private static Object constantValue(Constant c, ClassFile partial) {
        return switch (c.tag()) {
            case TAG_INTEGER -> (int) c.bits();
            case TAG_FLOAT -> Float.intBitsToFloat((int) c.bits());
            case TAG_LONG -> c.bits();
            case TAG_DOUBLE -> Double.longBitsToDouble(c.bits());
            case TAG_STRING -> partial.utf8(c.a());
            default -> null;
        };
    }

    private static MethodInfo code(int access, String name, String descriptor, byte[] body, ClassFile partial)
            throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        in.readUnsignedShort(); // max_stack
        in.readUnsignedShort(); // max_locals
        byte[] code = in.readNBytes(in.readInt());
        int handlers = in.readUnsignedShort();
        in.readNBytes(handlers * 8);
        int[] lines = new int[0];
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            String attributeName = partial.utf8(in.readUnsignedShort());
            byte[] attribute = in.readNBytes(in.readInt());
            if (attributeName.equals("LineNumberTable")) {
                DataInputStream table = new DataInputStream(new ByteArrayInputStream(attribute));
                int n = table.readUnsignedShort();
                int[] more = new int[n * 2];
                for (int k = 0; k < n; k++) {
                    more[2 * k] = table.readUnsignedShort();
                    more[2 * k + 1] = table.readUnsignedShort();
                }
                int[] merged = new int[lines.length + more.length];
                System.arraycopy(lines, 0, merged, 0, lines.length);
                System.arraycopy(more, 0, merged, lines.length, more.length);
                lines = merged;
            }
        }
        List<Reference> references = new ArrayList<>();
        int backward = -1;
        int monitor = -1;
        int primitiveArrays = 0;
        int pc = 0;
        while (pc < code.length) {
            int op = code[pc] & 0xff;
            int length;
            switch (op) {
                case 0x10, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3a, 0xa9 -> length = 2;
                case 0xbc -> { // newarray
                    primitiveArrays++;
                    length = 2;
                }
                case 0x12 -> { // ldc
                    references.add(new Reference(pc, op, code[pc + 1] & 0xff));
                    length = 2;
                }
                case 0x11, 0x84 -> length = 3;
                case 0x13, 0x14, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xbb, 0xbd, 0xc0, 0xc1 -> {
                    references.add(new Reference(pc, op, u2(code, pc + 1)));
                    length = 3;
                }
                case 0xb9, 0xba -> { // invokeinterface, invokedynamic
                    references.add(new Reference(pc, op, u2(code, pc + 1)));
                    length = 5;
                }
                case 0xc5 -> { // multianewarray
                    references.add(new Reference(pc, op, u2(code, pc + 1)));
                    length = 4;
                }
                case 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8,
                     0xc6, 0xc7 -> {
                    if ((short) u2(code, pc + 1) <= 0 && backward < 0) {
                        backward = pc;
                    }
                    length = 3;
                }
                case 0xc8, 0xc9 -> { // goto_w, jsr_w
                    if (s4(code, pc + 1) <= 0 && backward < 0) {
                        backward = pc;
                    }
                    length = 5;
                }
                case 0xaa -> { // tableswitch
                    int p = (pc + 4) & ~3;
                    int low = s4(code, p + 4);
                    int high = s4(code, p + 8);
                    backward = switchBackward(code, pc, p, 1 + (high - low + 1), backward);
                    length = p + 12 + 4 * (high - low + 1) - pc;
                }
                case 0xab -> { // lookupswitch
                    int p = (pc + 4) & ~3;
                    int pairs = s4(code, p + 4);
                    int targets = 1 + pairs;
                    if (s4(code, p) <= 0 && backward < 0) {
                        backward = pc;
                    }
                    for (int k = 0; k < pairs; k++) {
                        if (s4(code, p + 8 + 8 * k + 4) <= 0 && backward < 0) {
                            backward = pc;
                        }
                    }
                    length = p + 8 + 8 * pairs - pc;
                    if (targets < 0) {
                        throw new IOException("bad lookupswitch");
                    }
                }
                case 0xc2, 0xc3 -> { // monitorenter, monitorexit
                    if (monitor < 0) {
                        monitor = pc;
                    }
                    length = 1;
                }
                case 0xc4 -> length = (code[pc + 1] & 0xff) == 0x84 ? 6 : 4; // wide
                default -> {
                    if (op > 0xc9) {
                        throw new IOException("unknown opcode " + op + " at " + pc + " in " + name);
                    }
                    length = 1;
                }
            }
            pc += length;
        }
        return new MethodInfo(access, name, descriptor, List.copyOf(references), backward, monitor, handlers, lines,
                primitiveArrays);
    }

    private static int switchBackward(byte[] code, int pc, int p, int targets, int backward) {
        if (s4(code, p) <= 0 && backward < 0) {
            return pc;
        }
        for (int k = 0; k + 1 < targets; k++) {
            if (s4(code, p + 12 + 4 * k) <= 0 && backward < 0) {
                return pc;
            }
        }
        return backward;
    }

    private static int u2(byte[] code, int at) {
        return ((code[at] & 0xff) << 8) | (code[at + 1] & 0xff);
    }

    private static int s4(byte[] code, int at) {
        return ((code[at] & 0xff) << 24) | ((code[at + 1] & 0xff) << 16) | ((code[at + 2] & 0xff) << 8)
                | (code[at + 3] & 0xff);
    }
}
