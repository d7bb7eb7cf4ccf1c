package dev.lossforge.sandbox;

import dev.lossforge.sandbox.LossRejectedException.Kind;
import org.codehaus.commons.compiler.Location;
import org.codehaus.janino.Java;
import org.codehaus.janino.Java.AbstractCompilationUnit;
import org.codehaus.janino.util.AbstractTraverser;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Layer A: checks the parse tree of a loss source before it is compiled, so that every rejection
 * names the line and column of the offending construct.
 *
 * <p>Rejects: anything that is not one public class implementing {@code PreferenceLoss} with a
 * public no-arg constructor; names of types outside the allow-list (imports, declarations, casts,
 * qualified names such as {@code java.lang.System.exit}); reflection, thread, I/O, network and
 * process names; {@code native} and {@code synchronized}; mutable static or instance state and
 * initialiser blocks; loops, recursion among the class's own methods, try/catch/finally, assert;
 * nested, local and anonymous classes; lambdas, method references and {@code var} (which Janino
 * does not implement) with advice; arrays whose size is not a small constant.
 *
 * <p>Text is confined to exception messages, because a string that can be kept and reused can be
 * doubled ({@code s = s + s} thirty times is 2^30 characters): no local, parameter, return value or
 * field may have a type that holds text ({@code String}, {@code StringBuilder}, {@code Object},
 * type variables, arrays of them) except {@code static final String} constants initialised with one
 * literal of at most {@value #MAX_STRING_CONSTANT} characters; string literals appear only there
 * and in throw statements; exceptions are created only as {@code throw new X(..)}; no String
 * methods ({@code "a".replace(..)}, {@code String.join}, {@code new String}, {@code StringBuilder}).
 * The bytecode check enforces the same with exact types ({@link SandboxPolicy#deniedCall}).
 */
final class SourceChecker {

    static final String LOSS_INTERFACE = "dev.lossforge.loss.PreferenceLoss";

    /** The largest array a loss may allocate with {@code new T[n]}: enough for a few constants. */
    static final int MAX_ARRAY_ELEMENTS = 1024;

    /**
     * The longest {@code static final String} constant: enough to label an exception message, and
     * short enough that a message of many constants stays small (each mention costs at least two
     * characters of source, so a message is at most 100 times as long as the source).
     */
    static final int MAX_STRING_CONSTANT = 200;

    private static final String TEXT_ADVICE = SandboxPolicy.TEXT_RULE;

    private static final String INDEX_STRING_ADVICE = "index strings are not allowed (\"null\" in an index string "
            + "adds an axis, and a loss works on [B] vectors): use get(i) or get(new NDIndex().addSliceDim(from, to))";

    private static final String LOOP_ADVICE = "loops are not allowed in a loss: use vectorised NDArray operations "
            + "on the whole batch (x.mul(y), x.sum(), Ops.logSigmoid(x), NDArrays.where(cond, a, b)) instead of "
            + "iterating";

    /** What the check found out about an accepted source. */
    record Outline(String packageName, String simpleName, Location classLocation) {
        String className() {
            return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
        }
    }

    private final Java.CompilationUnit unit;
    private final String[] lines;
    private final Map<String, String> singleImports = new HashMap<>();
    private final Set<String> onDemandPackages = new LinkedHashSet<>();
    private final Set<String> staticImportedNames = new HashSet<>();
    private final Set<String> declaredNames = new HashSet<>();
    private final Set<String> typeParameters = new HashSet<>();
    private final Map<String, List<Call>> calls = new LinkedHashMap<>();
    private final Set<String> ownMethods = new HashSet<>();
    /** Names of locals and parameters (a String constant's name may be shadowed by one). */
    private final Set<String> localNames = new HashSet<>();
    /** Names of the class's static final String constants. */
    private final Set<String> stringConstants = new HashSet<>();
    private String packageName = "";
    private String simpleName;

    private record Call(String callee, Location location) {
    }

    private SourceChecker(Java.CompilationUnit unit, String source) {
        this.unit = unit;
        this.lines = source.split("\r\n|\r|\n", -1);
    }

    static Outline check(Java.CompilationUnit unit, String source) throws LossRejectedException {
        return new SourceChecker(unit, source).run();
    }

    private Outline run() throws LossRejectedException {
        checkPackage();
        checkImports();
        Java.PackageMemberClassDeclaration type = theClass();
        simpleName = type.name;
        checkClassShape(type);
        collectDeclarations(type);
        checkMembers(type);
        new Walker().walk(type);
        checkRecursion();
        return new Outline(packageName, simpleName, type.getLocation());
    }

    // ---------------------------------------------------------------------------------------------
    // compilation unit

    private void checkPackage() throws LossRejectedException {
        Java.PackageDeclaration pd = unit.packageDeclaration;
        if (pd == null) {
            return;
        }
        packageName = pd.packageName;
        if (packageName.equals("java") || packageName.startsWith("java.") || packageName.startsWith("javax.")
                || packageName.startsWith("jdk.") || packageName.startsWith("sun.")) {
            throw rejected(Kind.FORBIDDEN, pd.getLocation(),
                    "package " + packageName + " is reserved for the JDK: use another package or none");
        }
    }

    private void checkImports() throws LossRejectedException {
        for (AbstractCompilationUnit.ImportDeclaration id : unit.importDeclarations) {
            Location at = id.getLocation();
            if (id instanceof AbstractCompilationUnit.SingleTypeImportDeclaration st) {
                String name = String.join(".", st.identifiers);
                String simple = st.identifiers[st.identifiers.length - 1];
                requireAllowedClass(name, simple, at, "import " + name);
                singleImports.put(simple, name);
            } else if (id instanceof AbstractCompilationUnit.TypeImportOnDemandDeclaration od) {
                String pkg = String.join(".", od.identifiers);
                if (!SandboxPolicy.IMPORTABLE_PACKAGES.contains(pkg)) {
                    if (SandboxPolicy.isRuntimeAllowed(pkg)) {
                        throw rejected(Kind.FORBIDDEN, at, "import " + pkg + ".* imports nested classes, which a "
                                + "loss cannot use: import the class itself");
                    }
                    throw rejected(Kind.FORBIDDEN, at, "import " + pkg + ".* is not allowed: a loss may import only "
                            + "from " + String.join(", ", sorted(SandboxPolicy.IMPORTABLE_PACKAGES))
                            + " (allowed classes: " + SandboxPolicy.allowedSummary() + ")");
                }
                onDemandPackages.add(pkg);
            } else if (id instanceof AbstractCompilationUnit.SingleStaticImportDeclaration ss) {
                String owner = String.join(".", List.of(ss.identifiers).subList(0, ss.identifiers.length - 1));
                String member = ss.identifiers[ss.identifiers.length - 1];
                String ownerSimple = ss.identifiers[Math.max(0, ss.identifiers.length - 2)];
                requireAllowedClass(owner, ownerSimple, at, "import static " + owner + "." + member);
                String reason = SandboxPolicy.forbiddenMethodReason(member);
                if (reason != null) {
                    throw rejected(Kind.FORBIDDEN, at, reason);
                }
                staticImportedNames.add(member);
            } else if (id instanceof AbstractCompilationUnit.StaticImportOnDemandDeclaration so) {
                String owner = String.join(".", so.identifiers);
                String ownerSimple = so.identifiers[so.identifiers.length - 1];
                requireAllowedClass(owner, ownerSimple, at, "import static " + owner + ".*");
                staticImportedNames.addAll(staticMemberNames(owner));
            }
        }
    }

    private void requireAllowedClass(String name, String simple, Location at, String what)
            throws LossRejectedException {
        if (SandboxPolicy.isRuntimeAllowed(name)) {
            return;
        }
        String reason = SandboxPolicy.forbiddenNameReason(simple);
        throw rejected(Kind.FORBIDDEN, at, what + " is not allowed: "
                + (reason != null ? reason : name + " is not available in the sandbox")
                + " (a loss may use " + SandboxPolicy.allowedSummary() + ")");
    }

    private Java.PackageMemberClassDeclaration theClass() throws LossRejectedException {
        List<Java.PackageMemberTypeDeclaration> types = List.of(unit.getPackageMemberTypeDeclarations());
        if (types.isEmpty()) {
            throw new LossRejectedException(Kind.NOT_A_LOSS, "no class found: write one public class that "
                    + "implements dev.lossforge.loss.PreferenceLoss with a method "
                    + "'public NDArray compute(PreferenceBatch batch)'");
        }
        if (types.size() > 1) {
            List<String> names = new ArrayList<>();
            for (Java.PackageMemberTypeDeclaration t : types) {
                names.add(t.getName() + " (line " + t.getLocation().getLineNumber() + ")");
            }
            Location second = types.get(1).getLocation();
            throw rejected(Kind.NOT_A_LOSS, second, "found " + types.size() + " top-level types: "
                    + String.join(", ", names) + "; write exactly one public class implementing PreferenceLoss "
                    + "and put helpers into it as private static methods");
        }
        Java.PackageMemberTypeDeclaration type = types.get(0);
        if (type instanceof Java.PackageMemberEnumDeclaration) {
            throw rejected(Kind.NOT_A_LOSS, type.getLocation(), type.getName()
                    + " is an enum: write a class that implements PreferenceLoss");
        }
        if (!(type instanceof Java.PackageMemberClassDeclaration pmcd)) {
            throw rejected(Kind.NOT_A_LOSS, type.getLocation(), type.getName()
                    + " is an interface: write a class that implements PreferenceLoss");
        }
        return pmcd;
    }

    private void checkClassShape(Java.PackageMemberClassDeclaration type) throws LossRejectedException {
        Location at = type.getLocation();
        String fullName = packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
        if (SandboxPolicy.isCompileTimeAllowed(fullName)) {
            throw rejected(Kind.NOT_A_LOSS, at, "the class name " + fullName + " clashes with a library class: "
                    + "choose another name");
        }
        checkModifiers(type.getModifiers());
        if (!hasModifier(type.getModifiers(), "public")) {
            throw rejected(Kind.NOT_A_LOSS, at, "class " + simpleName + " must be public");
        }
        if (hasModifier(type.getModifiers(), "abstract")) {
            throw rejected(Kind.NOT_A_LOSS, at, "class " + simpleName + " must not be abstract");
        }
        if (type.extendedType != null) {
            throw rejected(Kind.NOT_A_LOSS, type.extendedType.getLocation(), "class " + simpleName
                    + " must not extend another class: implement PreferenceLoss directly");
        }
        boolean implementsLoss = false;
        for (Java.Type t : type.implementedTypes) {
            if (t instanceof Java.ReferenceType rt && LOSS_INTERFACE.equals(resolveTypeName(rt.identifiers))) {
                implementsLoss = true;
            }
        }
        if (!implementsLoss) {
            throw rejected(Kind.NOT_A_LOSS, at, "class " + simpleName + " does not implement PreferenceLoss: declare "
                    + "'public class " + simpleName + " implements PreferenceLoss' (import "
                    + "dev.lossforge.loss.PreferenceLoss)");
        }
        if (!type.getMemberTypeDeclarations().isEmpty()) {
            Java.MemberTypeDeclaration member = type.getMemberTypeDeclarations().iterator().next();
            throw rejected(Kind.FORBIDDEN, member.getLocation(), "nested types are not allowed (" + member.getName()
                    + "): put helpers into the loss class as private static methods");
        }
        if (!type.constructors.isEmpty()) {
            boolean publicNoArg = false;
            for (Java.ConstructorDeclarator cd : type.constructors) {
                if (cd.formalParameters.parameters.length == 0
                        && hasModifier(cd.getModifiers(), "public")) {
                    publicNoArg = true;
                }
            }
            if (!publicNoArg) {
                Location ctor = type.constructors.get(0).getLocation();
                int column = ctor.getLineNumber() <= lines.length
                        ? BytecodeChecker.wordColumn(lines[ctor.getLineNumber() - 1], simpleName) : 0;
                throw new LossRejectedException(Kind.NOT_A_LOSS, ctor.getLineNumber(),
                        column > 0 ? column : ctor.getColumnNumber(), "class " + simpleName
                        + " needs a public constructor without parameters (or no constructor at all)");
            }
        }
    }

    private void collectDeclarations(Java.PackageMemberClassDeclaration type) throws LossRejectedException {
        declaredNames.add(simpleName);
        if (type.getOptionalTypeParameters() != null && type.getOptionalTypeParameters().length > 0) {
            throw genericRejection(type.getLocation(), type.getOptionalTypeParameters()[0].name);
        }
        for (Java.MethodDeclarator md : type.getMethodDeclarations()) {
            ownMethods.add(key(md.name, md.formalParameters.parameters.length));
            if (md.typeParameters != null && md.typeParameters.length > 0) {
                throw genericRejection(md.getLocation(), md.typeParameters[0].name);
            }
        }
        new AbstractTraverser<RuntimeException>() {
            @Override
            public void traverseFieldDeclaration(Java.FieldDeclaration fd) {
                for (Java.VariableDeclarator vd : fd.variableDeclarators) {
                    declaredNames.add(vd.name);
                }
                super.traverseFieldDeclaration(fd);
            }

            @Override
            public void traverseLocalVariableDeclarationStatement(Java.LocalVariableDeclarationStatement lvds) {
                for (Java.VariableDeclarator vd : lvds.variableDeclarators) {
                    declaredNames.add(vd.name);
                    localNames.add(vd.name);
                }
                super.traverseLocalVariableDeclarationStatement(lvds);
            }

            @Override
            public void traverseFormalParameter(Java.FunctionDeclarator.FormalParameter fp) {
                declaredNames.add(fp.name);
                localNames.add(fp.name);
                super.traverseFormalParameter(fp);
            }
        }.visitTypeDeclaration(type);
    }

    // ---------------------------------------------------------------------------------------------
    // members

    private void checkMembers(Java.PackageMemberClassDeclaration type) throws LossRejectedException {
        Set<String> constants = new HashSet<>();
        for (Java.FieldDeclarationOrInitializer fdoi : type.fieldDeclarationsAndInitializers) {
            if (fdoi instanceof Java.Initializer init) {
                throw rejected(Kind.FORBIDDEN, init.getLocation(), (init.isStatic() ? "static" : "instance")
                        + " initialiser blocks are not allowed: a loss has no set-up code; declare constants as "
                        + "'static final double NAME = 0.5;'");
            }
            Java.FieldDeclaration fd = (Java.FieldDeclaration) fdoi;
            checkModifiers(fd.modifiers);
            boolean isStatic = hasModifier(fd.modifiers, "static");
            boolean isFinal = hasModifier(fd.modifiers, "final");
            String text = textType(fd.type);
            for (Java.VariableDeclarator vd : fd.variableDeclarators) {
                if (text != null) {
                    checkStringConstant(fd, vd, text, isStatic && isFinal);
                    stringConstants.add(vd.name);
                    continue;
                }
                if (!isFinal) {
                    throw rejected(Kind.FORBIDDEN, vd.getLocation(), (isStatic ? "mutable static field '"
                            : "mutable instance field '") + vd.name + "': a loss must not keep state between "
                            + "calls; declare constants as 'static final double NAME = 0.5;' and compute everything "
                            + "else inside compute()");
                }
                if (!(vd.initializer instanceof Java.Rvalue init) || !isConstant(init, constants)) {
                    throw rejected(Kind.FORBIDDEN, vd.getLocation(), "field '" + vd.name + "' must be initialised "
                            + "with a constant expression (a literal, or arithmetic on literals and other constants, "
                            + "e.g. 'static final double " + vd.name + " = 0.5;'), because code in field "
                            + "initialisers runs outside compute()");
                }
                if (isStatic) {
                    constants.add(vd.name);
                }
            }
        }
        for (Java.ConstructorDeclarator cd : type.constructors) {
            checkModifiers(cd.getModifiers());
        }
        for (Java.MethodDeclarator md : type.getMethodDeclarations()) {
            checkModifiers(md.getModifiers());
            if (md.isNative()) {
                throw rejected(Kind.FORBIDDEN, md.getLocation(), "native methods are not allowed ('" + md.name + "')");
            }
            if (md.isSynchronized()) {
                throw rejected(Kind.FORBIDDEN, md.getLocation(), "synchronized methods are not allowed ('" + md.name
                        + "'): a loss must not synchronise threads");
            }
        }
    }

    /** A field whose type can hold text must be a short String constant. */
    private void checkStringConstant(Java.FieldDeclaration fd, Java.VariableDeclarator vd, String text,
                                     boolean staticFinal) throws LossRejectedException {
        boolean array = vd.brackets > 0 || fd.type instanceof Java.ArrayType;
        if (!text.equals("String") || array || !staticFinal) {
            throw rejected(Kind.FORBIDDEN, vd.getLocation(), "field '" + vd.name + "' of type " + text
                    + (array ? "[]" : "") + " is not allowed: the only text a loss may keep is a constant "
                    + "'static final String " + vd.name + " = \"...\";', because " + TEXT_ADVICE);
        }
        if (!(vd.initializer instanceof Java.StringLiteral || vd.initializer instanceof Java.TextBlock)) {
            throw rejected(Kind.FORBIDDEN, vd.getLocation(), "String constant '" + vd.name + "' must be initialised "
                    + "with a single string literal ('static final String " + vd.name + " = \"...\";'), not an "
                    + "expression: joining constants can double them");
        }
        String literal = ((Java.Literal) vd.initializer).value;
        if (literal.length() > MAX_STRING_CONSTANT + 2) {
            throw rejected(Kind.FORBIDDEN, vd.getLocation(), "String constant '" + vd.name + "' is "
                    + (literal.length() - 2) + " characters long; at most " + MAX_STRING_CONSTANT + " are allowed "
                    + "(constants only label exception messages)");
        }
    }

    /**
     * What a declared type holds text as ("String", "StringBuilder", "Object", "type variable T"),
     * or null when it cannot hold text. Arrays count as their element type.
     */
    private String textType(Java.Type type) {
        Java.Type t = type;
        while (t instanceof Java.ArrayType at) {
            t = at.componentType;
        }
        if (!(t instanceof Java.ReferenceType rt)) {
            return null;
        }
        if (rt.identifiers.length == 1 && typeParameters.contains(rt.identifiers[0])) {
            return "type variable " + rt.identifiers[0];
        }
        String resolved = resolveTypeName(rt.identifiers);
        if (resolved == null) {
            return null;
        }
        return switch (resolved) {
            case "java.lang.String", "java.lang.StringBuilder", "java.lang.Object" ->
                    resolved.substring("java.lang.".length());
            default -> null;
        };
    }

    private LossRejectedException textDeclaration(Java.Type type, String what, String text) {
        String shown = text.startsWith("type variable") ? text : text + (type instanceof Java.ArrayType ? "[]" : "");
        String advice = text.equals("Object") || text.startsWith("type variable")
                ? "declare it as NDArray, double or a boxed number type"
                : "keep text in a constant 'static final String NAME = \"...\";' and use it in the message";
        String subject = what.endsWith(" returning") ? what + " " + shown : what + " of type " + shown;
        return rejected(Kind.FORBIDDEN, type.getLocation(), subject + " is not allowed: it can hold "
                + "text, and text a loss keeps can grow without bound (s = s + s doubles it); " + TEXT_ADVICE
                + "; " + advice);
    }

    private LossRejectedException genericRejection(Location at, String typeVariable) {
        return rejected(Kind.FORBIDDEN, at, "generic type parameters are not allowed (" + typeVariable + "): the "
                + "sandbox compiler does not infer generic types, and a type variable can hold text; write helper "
                + "methods for NDArray or double");
    }

    private void checkModifiers(Java.Modifier[] modifiers) throws LossRejectedException {
        for (Java.Modifier m : modifiers) {
            if (m instanceof Java.Annotation a) {
                Java.Type t = a.getType();
                if (!(t instanceof Java.ReferenceType rt) || !"java.lang.Override".equals(resolveTypeName(rt.identifiers))) {
                    throw rejected(Kind.FORBIDDEN, a.getLocation(), "annotation @" + t + " is not allowed: a loss "
                            + "may use only @Override");
                }
            } else if (m instanceof Java.AccessModifier am) {
                if (am.keyword.equals("native")) {
                    throw rejected(Kind.FORBIDDEN, am.getLocation(), "native methods are not allowed");
                }
                if (am.keyword.equals("synchronized")) {
                    throw rejected(Kind.FORBIDDEN, am.getLocation(), "synchronized is not allowed: a loss must not "
                            + "synchronise threads");
                }
            }
        }
    }

    /** A constant expression in the sense of JLS 15.29, restricted to what a loss constant needs. */
    private boolean isConstant(Java.Rvalue rv, Set<String> constants) {
        if (rv instanceof Java.NullLiteral) {
            return false;
        }
        if (rv instanceof Java.Literal) {
            return true;
        }
        if (rv instanceof Java.ParenthesizedExpression pe) {
            return isConstant(pe.value, constants);
        }
        if (rv instanceof Java.UnaryOperation uo) {
            return isConstant(uo.operand, constants);
        }
        if (rv instanceof Java.BinaryOperation bo) {
            return isConstant(bo.lhs, constants) && isConstant(bo.rhs, constants);
        }
        if (rv instanceof Java.ConditionalExpression ce) {
            return isConstant(ce.lhs, constants) && isConstant(ce.mhs, constants) && isConstant(ce.rhs, constants);
        }
        if (rv instanceof Java.Cast c) {
            return (c.targetType instanceof Java.PrimitiveType
                    || (c.targetType instanceof Java.ReferenceType rt
                    && "java.lang.String".equals(resolveTypeName(rt.identifiers))))
                    && isConstant(c.value, constants);
        }
        if (rv instanceof Java.AmbiguousName an) {
            if (an.n == 1) {
                return constants.contains(an.identifiers[0]);
            }
            if (an.n == 2) {
                String owner = an.identifiers[0];
                String field = an.identifiers[1];
                if (owner.equals(simpleName)) {
                    return constants.contains(field);
                }
                String resolved = resolveTypeName(new String[] {owner});
                return resolved != null && resolved.startsWith("java.lang.") && isJdkConstant(resolved, field);
            }
        }
        return false;
    }

    private static boolean isJdkConstant(String className, String field) {
        try {
            Field f = Class.forName(className, false, SourceChecker.class.getClassLoader()).getField(field);
            int mods = f.getModifiers();
            return Modifier.isStatic(mods) && Modifier.isFinal(mods)
                    && (f.getType().isPrimitive() || f.getType() == String.class);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // bodies

    private final class Walker extends AbstractTraverser<LossRejectedException> {

        private String currentMethod = "<init>";
        /** Inside a field initialiser, where checkMembers has already vetted string literals. */
        private boolean inConstant;
        /** How many throw statements enclose the node being visited. */
        private int inThrow;
        /** The {@code new X(..)} expressions that throw statements throw directly. */
        private final Set<Java.Rvalue> thrownDirectly = java.util.Collections.newSetFromMap(
                new java.util.IdentityHashMap<>());

        void walk(Java.PackageMemberClassDeclaration type) throws LossRejectedException {
            for (Java.Type t : type.implementedTypes) {
                visitAtom(t);
            }
            for (Java.ConstructorDeclarator cd : type.constructors) {
                currentMethod = "<init>";
                for (Java.Type t : cd.thrownExceptions) {
                    visitAtom(t);
                }
                traverseConstructorDeclarator(cd);
            }
            for (Java.FieldDeclarationOrInitializer fdoi : type.fieldDeclarationsAndInitializers) {
                currentMethod = "<clinit>";
                // checkMembers allowed string literals here only as String constants
                inConstant = true;
                visitBlockStatement(fdoi);
                inConstant = false;
            }
            for (Java.MethodDeclarator md : type.getMethodDeclarations()) {
                currentMethod = key(md.name, md.formalParameters.parameters.length);
                String text = textType(md.type);
                if (text != null) {
                    throw textDeclaration(md.type, "method '" + md.name + "' returning", text);
                }
                visitAtom(md.type);
                for (Java.Type t : md.thrownExceptions) {
                    visitAtom(t);
                }
                traverseMethodDeclarator(md);
            }
        }

        /**
         * Janino 3.1.12's traverser stops at variable initialisers (it calls the generic
         * {@code traverseRvalue} hook instead of visiting the expression), so a field or local
         * initialiser would go unchecked without this.
         */
        private void visitInitializer(Java.ArrayInitializerOrRvalue aiorv) throws LossRejectedException {
            if (aiorv instanceof Java.Rvalue rv) {
                visitAtom(rv);
            } else if (aiorv instanceof Java.ArrayInitializer ai) {
                for (Java.ArrayInitializerOrRvalue value : ai.values) {
                    visitInitializer(value);
                }
            }
        }

        @Override
        public void traverseFormalParameter(Java.FunctionDeclarator.FormalParameter fp) throws LossRejectedException {
            String text = textType(fp.type);
            if (text != null) {
                throw textDeclaration(fp.type, "parameter '" + fp.name + "'", text);
            }
            checkModifiers(fp.modifiers);
            super.traverseFormalParameter(fp);
        }

        @Override
        public void traverseForStatement(Java.ForStatement fs) throws LossRejectedException {
            throw rejected(Kind.FORBIDDEN, fs.getLocation(), LOOP_ADVICE);
        }

        @Override
        public void traverseForEachStatement(Java.ForEachStatement fes) throws LossRejectedException {
            throw rejected(Kind.FORBIDDEN, fes.getLocation(), LOOP_ADVICE);
        }

        @Override
        public void traverseWhileStatement(Java.WhileStatement ws) throws LossRejectedException {
            throw rejected(Kind.FORBIDDEN, ws.getLocation(), LOOP_ADVICE);
        }

        @Override
        public void traverseDoStatement(Java.DoStatement ds) throws LossRejectedException {
            throw rejected(Kind.FORBIDDEN, ds.getLocation(), LOOP_ADVICE);
        }

        @Override
        public void traverseTryStatement(Java.TryStatement ts) throws LossRejectedException {
            throw rejected(Kind.FORBIDDEN, ts.getLocation(), "try/catch/finally is not allowed: a loss must not "
                    + "swallow errors; let exceptions propagate (throw MissingInputException when an optional "
                    + "input is absent)");
        }

        @Override
        public void traverseSynchronizedStatement(Java.SynchronizedStatement ss) throws LossRejectedException {
            throw rejected(Kind.FORBIDDEN, ss.getLocation(), "synchronized is not allowed: a loss must not "
                    + "synchronise threads");
        }

        @Override
        public void traverseLocalClassDeclarationStatement(Java.LocalClassDeclarationStatement lcds)
                throws LossRejectedException {
            throw rejected(Kind.FORBIDDEN, lcds.getLocation(), "local classes are not allowed: put helpers into the "
                    + "loss class as private static methods");
        }

        @Override
        public void traverseAssertStatement(Java.AssertStatement as) throws LossRejectedException {
            throw rejected(Kind.FORBIDDEN, as.getLocation(), "assert is not allowed (it needs reflection): throw "
                    + "new IllegalArgumentException(\"...\") instead");
        }

        @Override
        public void traverseNewAnonymousClassInstance(Java.NewAnonymousClassInstance naci)
                throws LossRejectedException {
            throw rejected(Kind.FORBIDDEN, naci.getLocation(), "anonymous classes are not allowed: put helpers into "
                    + "the loss class as private static methods");
        }

        @Override
        public void traverseLambdaExpression(Java.LambdaExpression le) throws LossRejectedException {
            throw rejected(Kind.UNSUPPORTED, le.getLocation(), JaninoMessages.LAMBDA_ADVICE);
        }

        @Override
        public void traverseMethodReference(Java.MethodReference mr) throws LossRejectedException {
            throw rejected(Kind.UNSUPPORTED, mr.getLocation(), JaninoMessages.METHOD_REFERENCE_ADVICE);
        }

        @Override
        public void traverseClassInstanceCreationReference(Java.ClassInstanceCreationReference cicr)
                throws LossRejectedException {
            throw rejected(Kind.UNSUPPORTED, cicr.getLocation(), JaninoMessages.METHOD_REFERENCE_ADVICE);
        }

        @Override
        public void traverseArrayCreationReference(Java.ArrayCreationReference acr) throws LossRejectedException {
            throw rejected(Kind.UNSUPPORTED, acr.getLocation(), JaninoMessages.METHOD_REFERENCE_ADVICE);
        }

        @Override
        public void traverseClassLiteral(Java.ClassLiteral cl) throws LossRejectedException {
            throw rejected(Kind.FORBIDDEN, cl.getLocation(), "class literals (" + cl.type + ".class) are reflection, "
                    + "which is not allowed in a loss");
        }

        @Override
        public void traverseLocalVariableDeclarationStatement(Java.LocalVariableDeclarationStatement lvds)
                throws LossRejectedException {
            if (lvds.type instanceof Java.ReferenceType rt && rt.identifiers.length == 1
                    && rt.identifiers[0].equals("var")) {
                throw rejected(Kind.UNSUPPORTED, lvds.getLocation(), JaninoMessages.VAR_ADVICE);
            }
            String text = textType(lvds.type);
            String names = String.join(", ", java.util.Arrays.stream(lvds.variableDeclarators)
                    .map(vd -> vd.name).toList());
            // a String local is the problem itself; an Object local is usually the lesser one
            // ('Object o = Class.forName(..)' should hear about reflection first)
            if (text != null && (text.equals("String") || text.equals("StringBuilder"))) {
                throw textDeclaration(lvds.type, "local variable '" + names + "'", text);
            }
            checkModifiers(lvds.modifiers);
            super.traverseLocalVariableDeclarationStatement(lvds);
            if (text != null) {
                throw textDeclaration(lvds.type, "local variable '" + names + "'", text);
            }
        }

        @Override
        public void traverseThrowStatement(Java.ThrowStatement ts) throws LossRejectedException {
            Java.Rvalue thrown = ts.expression;
            while (thrown instanceof Java.ParenthesizedExpression pe) {
                thrown = pe.value;
            }
            thrownDirectly.add(thrown);
            inThrow++;
            try {
                super.traverseThrowStatement(ts);
            } finally {
                inThrow--;
            }
        }

        @Override
        public void traverseStringLiteral(Java.StringLiteral sl) throws LossRejectedException {
            checkTextAllowedHere(sl);
            super.traverseStringLiteral(sl);
        }

        @Override
        public void traverseTextBlock(Java.TextBlock tb) throws LossRejectedException {
            checkTextAllowedHere(tb);
            super.traverseTextBlock(tb);
        }

        private void checkTextAllowedHere(Java.Literal literal) throws LossRejectedException {
            if (inThrow == 0 && !inConstant) {
                throw rejected(Kind.FORBIDDEN, literal.getLocation(), "a string literal outside a throw statement is "
                        + "not allowed: a loss computes with numbers and NDArrays, and " + TEXT_ADVICE);
            }
        }

        @Override
        public void traverseArrayInitializerOrRvalue(Java.ArrayInitializerOrRvalue aiorv)
                throws LossRejectedException {
            if (aiorv instanceof Java.ArrayInitializer ai && initializerElements(ai) > MAX_ARRAY_ELEMENTS) {
                throw rejected(Kind.FORBIDDEN, ai.getLocation(), "array initialiser too large (at most "
                        + MAX_ARRAY_ELEMENTS + " elements): a loss works on the batch's NDArrays");
            }
            visitInitializer(aiorv);
        }

        @Override
        public void traverseNewArray(Java.NewArray na) throws LossRejectedException {
            long elements = 1;
            for (Java.Rvalue dim : na.dimExprs) {
                long size = integerLiteral(dim);
                if (size < 0) {
                    throw rejected(Kind.FORBIDDEN, dim.getLocation(), "array sizes must be integer literals: a loss "
                            + "works on the batch's NDArrays, not on Java arrays of computed size");
                }
                elements *= Math.max(1, size);
                if (elements > MAX_ARRAY_ELEMENTS) {
                    throw rejected(Kind.FORBIDDEN, dim.getLocation(), "array too large (at most "
                            + MAX_ARRAY_ELEMENTS + " elements): a loss works on the batch's NDArrays");
                }
            }
            super.traverseNewArray(na);
        }

        @Override
        public void traverseNewClassInstance(Java.NewClassInstance nci) throws LossRejectedException {
            if (nci.type instanceof Java.ReferenceType rt) {
                String resolved = resolveTypeName(rt.identifiers);
                if (resolved != null && resolved.equals(ownName())) {
                    throw rejected(Kind.FORBIDDEN, nci.getLocation(), "a loss must not create instances of its own "
                            + "class (that is recursion in disguise): call your helper methods directly");
                }
                String simple = rt.identifiers[rt.identifiers.length - 1];
                if (resolved != null && SandboxPolicy.THROWABLES.contains(resolved) && !thrownDirectly.contains(nci)) {
                    throw rejectedAtNew(nci.getLocation(), simple, "an exception may only be created where it is "
                            + "thrown ('throw new " + simple + "(\"...\");'): a loss must not keep, pass or chain "
                            + "exceptions, whose messages are text");
                }
                if ("java.lang.String".equals(resolved) || "java.lang.StringBuilder".equals(resolved)) {
                    throw rejectedAtNew(nci.getLocation(), simple, "new " + simple + " is not allowed: " + TEXT_ADVICE);
                }
                if ("ai.djl.ndarray.index.NDIndex".equals(resolved) && nci.arguments.length > 0
                        && isText(nci.arguments[0])) {
                    throw rejected(Kind.FORBIDDEN, nci.arguments[0].getLocation(), INDEX_STRING_ADVICE);
                }
            }
            super.traverseNewClassInstance(nci);
        }

        @Override
        public void traverseReferenceType(Java.ReferenceType rt) throws LossRejectedException {
            checkReferenceType(rt);
            super.traverseReferenceType(rt);
        }

        @Override
        public void traverseAmbiguousName(Java.AmbiguousName an) throws LossRejectedException {
            checkIdentifiers(an.identifiers, an.n, an.getLocation());
            if (an.n >= 2) {
                checkQualifier(an.identifiers, an.n - 1, an.getLocation());
            }
            super.traverseAmbiguousName(an);
        }

        @Override
        public void traverseFieldAccessExpression(Java.FieldAccessExpression fae) throws LossRejectedException {
            String reason = SandboxPolicy.forbiddenNameReason(fae.fieldName);
            if (reason != null) {
                throw rejectedAt(fae.getLocation(), fae.fieldName, fae.fieldName + " is not allowed: " + reason);
            }
            super.traverseFieldAccessExpression(fae);
        }

        @Override
        public void traverseMethodInvocation(Java.MethodInvocation mi) throws LossRejectedException {
            if (mi.target instanceof Java.AmbiguousName an) {
                checkIdentifiers(an.identifiers, an.n, an.getLocation());
                checkQualifier(an.identifiers, an.n, an.getLocation());
            }
            boolean onSelf = mi.target == null || mi.target instanceof Java.ThisReference
                    || (mi.target instanceof Java.AmbiguousName an
                    && (an.n == 1 ? an.identifiers[0].equals(simpleName)
                    : String.join(".", List.of(an.identifiers).subList(0, an.n)).equals(ownName())));
            // calls through casts or other variables are found in the bytecode (BytecodeChecker)
            String callee = key(mi.methodName, mi.arguments.length);
            // compute(batch) on any receiver can only reach this class again: nothing else implements it
            boolean computeAnywhere = mi.methodName.equals("compute") && mi.arguments.length == 1;
            if ((onSelf || computeAnywhere) && ownMethods.contains(callee)) {
                calls.computeIfAbsent(currentMethod, k -> new ArrayList<>()).add(new Call(callee, mi.getLocation()));
            }
            checkTextCall(mi);
            // the receiver first: in Runtime.getRuntime().exec(..) the author should hear about Runtime
            super.traverseMethodInvocation(mi);
            String reason = SandboxPolicy.forbiddenMethodReason(mi.methodName);
            if (reason != null) {
                throw rejectedAt(mi.getLocation(), mi.methodName, reason);
            }
        }

        @Override
        public void traverseSuperclassMethodInvocation(Java.SuperclassMethodInvocation smi)
                throws LossRejectedException {
            String reason = SandboxPolicy.forbiddenMethodReason(smi.methodName);
            if (reason != null) {
                throw rejected(Kind.FORBIDDEN, smi.getLocation(), reason);
            }
            super.traverseSuperclassMethodInvocation(smi);
        }
    }

    /** Calls on text, and index strings, which the source shows without types. */
    private void checkTextCall(Java.MethodInvocation mi) throws LossRejectedException {
        boolean onString = mi.target instanceof Java.Rvalue target && isText(target);
        if (!onString && mi.target instanceof Java.AmbiguousName an && !declaredNames.contains(an.identifiers[0])) {
            onString = "java.lang.String".equals(resolveTypeName(java.util.Arrays.copyOf(an.identifiers, an.n)));
        }
        if (onString) {
            throw rejectedAt(mi.getLocation(), mi.methodName, "String methods are not allowed (" + mi.methodName
                    + "): " + TEXT_ADVICE);
        }
        if ((mi.methodName.equals("get") || mi.methodName.equals("addIndices")) && mi.arguments.length > 0
                && isText(mi.arguments[0])) {
            throw rejected(Kind.FORBIDDEN, mi.arguments[0].getLocation(), INDEX_STRING_ADVICE);
        }
    }

    /** Whether an expression is text by its syntax alone: a literal, a String constant, a concatenation. */
    private boolean isText(Java.Rvalue rv) {
        if (rv instanceof Java.StringLiteral || rv instanceof Java.TextBlock) {
            return true;
        }
        if (rv instanceof Java.ParenthesizedExpression pe) {
            return isText(pe.value);
        }
        if (rv instanceof Java.BinaryOperation bo && bo.operator.equals("+")) {
            return isText(bo.lhs) || isText(bo.rhs);
        }
        if (rv instanceof Java.Cast c && c.targetType instanceof Java.ReferenceType rt) {
            return "java.lang.String".equals(resolveTypeName(rt.identifiers));
        }
        if (rv instanceof Java.MethodInvocation call) {
            return call.methodName.equals("toString") && call.arguments.length == 0;
        }
        if (rv instanceof Java.AmbiguousName an) {
            if (an.n == 1) {
                return stringConstants.contains(an.identifiers[0]) && !localNames.contains(an.identifiers[0]);
            }
            return an.n == 2 && an.identifiers[0].equals(simpleName) && stringConstants.contains(an.identifiers[1]);
        }
        return false;
    }

    private String ownName() {
        return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
    }

    private void checkIdentifiers(String[] identifiers, int n, Location at) throws LossRejectedException {
        for (int i = 0; i < n; i++) {
            String reason = SandboxPolicy.forbiddenNameReason(identifiers[i]);
            if (reason != null && !declaredNames.contains(identifiers[i])) {
                throw rejectedAt(at, identifiers[i], identifiers[i] + " is not allowed: " + reason);
            }
        }
    }

    /**
     * A rejection placed on {@code name} in the line of {@code at}: Janino locates a qualified name
     * at its last part, the author looks for the offending identifier.
     */
    private LossRejectedException rejectedAt(Location at, String name, String reason) {
        if (at == null || at.getLineNumber() <= 0 || at.getLineNumber() > lines.length) {
            return rejected(Kind.FORBIDDEN, at, reason);
        }
        String text = lines[at.getLineNumber() - 1];
        int best = 0;
        int from = 0;
        while (true) {
            int column = BytecodeChecker.wordColumn(text.substring(from), name);
            if (column == 0) {
                break;
            }
            column += from;
            if (best == 0 || column <= at.getColumnNumber()) {
                best = column;
            }
            from = column;
        }
        return new LossRejectedException(Kind.FORBIDDEN, at.getLineNumber(),
                best > 0 ? best : at.getColumnNumber(), reason);
    }

    /** A rejection placed on the class name of the {@code new C(..)} nearest to {@code at} in its line. */
    private LossRejectedException rejectedAtNew(Location at, String simpleClass, String reason) {
        if (at == null || at.getLineNumber() <= 0 || at.getLineNumber() > lines.length) {
            return rejected(Kind.FORBIDDEN, at, reason);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\bnew\\s+(?:[\\w.]+\\.)?("
                + java.util.regex.Pattern.quote(simpleClass) + ")\\b").matcher(lines[at.getLineNumber() - 1]);
        int best = 0;
        while (m.find()) {
            if (best == 0 || m.start() + 1 <= at.getColumnNumber()) {
                best = m.start(1) + 1;
            }
        }
        return new LossRejectedException(Kind.FORBIDDEN, at.getLineNumber(), best > 0 ? best : at.getColumnNumber(),
                reason);
    }

    /**
     * The first {@code n} identifiers of a name that qualifies a member ({@code Math.abs},
     * {@code java.lang.System.exit}, {@code x.add}): when they denote a type, it must be allowed.
     */
    private void checkQualifier(String[] identifiers, int n, Location at) throws LossRejectedException {
        String first = identifiers[0];
        if (declaredNames.contains(first) || staticImportedNames.contains(first) || typeParameters.contains(first)) {
            return;
        }
        if (Character.isUpperCase(first.charAt(0))) {
            if (resolveTypeName(new String[] {first}) == null) {
                throw notAvailable(first, first, at);
            }
            return;
        }
        for (int i = 1; i < n; i++) {
            if (Character.isUpperCase(identifiers[i].charAt(0))) {
                String name = String.join(".", List.of(identifiers).subList(0, i + 1));
                if (!SandboxPolicy.isRuntimeAllowed(name) && !name.equals(ownName())) {
                    throw notAvailable(name, identifiers[i], at);
                }
                return;
            }
        }
    }

    private void checkReferenceType(Java.ReferenceType rt) throws LossRejectedException {
        String[] ids = rt.identifiers;
        Location at = rt.getLocation();
        checkIdentifiers(ids, ids.length, at);
        if (ids.length == 1 && typeParameters.contains(ids[0])) {
            return;
        }
        String resolved = resolveTypeName(ids);
        if (resolved == null) {
            String shown = String.join(".", ids);
            throw notAvailable(shown, ids[ids.length - 1], at);
        }
        if (rt.typeArguments != null) {
            for (Java.TypeArgument ta : rt.typeArguments) {
                if (ta instanceof Java.ReferenceType inner) {
                    checkReferenceType(inner);
                } else if (ta instanceof Java.Wildcard w && w.referenceType != null) {
                    checkReferenceType(w.referenceType);
                } else if (ta instanceof Java.ArrayType at2 && at2.componentType instanceof Java.ReferenceType inner) {
                    checkReferenceType(inner);
                }
            }
        }
    }

    private LossRejectedException notAvailable(String shown, String simple, Location at) {
        String reason = SandboxPolicy.forbiddenNameReason(simple);
        return rejectedAt(at, simple, shown + " is not available in the sandbox"
                + (reason != null ? ": " + reason : "")
                + " (a loss may use " + SandboxPolicy.allowedSummary() + ")");
    }

    /**
     * The binary name a written type name denotes under this unit's imports, or null when it
     * denotes nothing the sandbox allows. Member types are never allowed.
     */
    private String resolveTypeName(String[] ids) {
        if (ids.length == 1) {
            String simple = ids[0];
            if (simple.equals(simpleName)) {
                return ownName();
            }
            String imported = singleImports.get(simple);
            if (imported != null) {
                return imported;
            }
            List<String> packages = new ArrayList<>();
            packages.add(packageName);
            packages.addAll(onDemandPackages);
            packages.add("java.lang");
            for (String pkg : packages) {
                String candidate = pkg.isEmpty() ? simple : pkg + "." + simple;
                if (SandboxPolicy.isRuntimeAllowed(candidate)) {
                    return candidate;
                }
            }
            return null;
        }
        String name = String.join(".", ids);
        if (SandboxPolicy.isRuntimeAllowed(name) || name.equals(ownName())) {
            return name;
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // recursion

    private void checkRecursion() throws LossRejectedException {
        for (String start : calls.keySet()) {
            List<Call> path = new ArrayList<>();
            if (cycleFrom(start, start, path, new HashSet<>())) {
                StringBuilder chain = new StringBuilder(name(start));
                for (Call c : path) {
                    chain.append(" calls ").append(name(c.callee()));
                }
                Call closing = path.get(path.size() - 1);
                throw rejected(Kind.FORBIDDEN, closing.location(), "recursion is not allowed: " + chain
                        + "; a loss must finish in bounded time, so compute it with vectorised NDArray operations "
                        + "and non-recursive helper methods");
            }
        }
    }

    private boolean cycleFrom(String start, String at, List<Call> path, Set<String> visited) {
        for (Call c : calls.getOrDefault(at, List.of())) {
            path.add(c);
            if (c.callee().equals(start)) {
                return true;
            }
            if (visited.add(c.callee()) && cycleFrom(start, c.callee(), path, visited)) {
                return true;
            }
            path.remove(path.size() - 1);
        }
        return false;
    }

    private static String key(String name, int arity) {
        return name + "/" + arity;
    }

    private static String name(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    // ---------------------------------------------------------------------------------------------

    private static long initializerElements(Java.ArrayInitializer ai) {
        long count = 0;
        for (Java.ArrayInitializerOrRvalue value : ai.values) {
            count += value instanceof Java.ArrayInitializer inner ? Math.max(1, initializerElements(inner)) : 1;
        }
        return count;
    }

    /** The value of an integer literal, or -1 when {@code rv} is something else or too large. */
    private static long integerLiteral(Java.Rvalue rv) {
        if (!(rv instanceof Java.IntegerLiteral il)) {
            return -1;
        }
        String text = il.value.replace("_", "").toLowerCase();
        if (text.endsWith("l")) {
            text = text.substring(0, text.length() - 1);
        }
        try {
            BigInteger value;
            if (text.startsWith("0x")) {
                value = new BigInteger(text.substring(2), 16);
            } else if (text.startsWith("0b")) {
                value = new BigInteger(text.substring(2), 2);
            } else if (text.length() > 1 && text.startsWith("0")) {
                value = new BigInteger(text.substring(1), 8);
            } else {
                value = new BigInteger(text);
            }
            return value.bitLength() > 40 ? Long.MAX_VALUE : value.longValue();
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Set<String> staticMemberNames(String className) {
        Set<String> names = new HashSet<>();
        try {
            Class<?> c = Class.forName(className, false, SourceChecker.class.getClassLoader());
            for (Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    names.add(f.getName());
                }
            }
            for (Method m : c.getMethods()) {
                if (Modifier.isStatic(m.getModifiers())) {
                    names.add(m.getName());
                }
            }
        } catch (ClassNotFoundException e) {
            // allowed classes are on the class path; nothing to add otherwise
        }
        return names;
    }

    private static boolean hasModifier(Java.Modifier[] modifiers, String keyword) {
        for (Java.Modifier m : modifiers) {
            if (m instanceof Java.AccessModifier am && am.keyword.equals(keyword)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    static LossRejectedException rejected(Kind kind, Location at, String reason) {
        if (at == null || at.getLineNumber() <= 0) {
            return new LossRejectedException(kind, reason);
        }
        return new LossRejectedException(kind, at.getLineNumber(), at.getColumnNumber(), reason);
    }
}
