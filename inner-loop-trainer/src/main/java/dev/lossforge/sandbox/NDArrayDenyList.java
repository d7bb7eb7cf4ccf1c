package dev.lossforge.sandbox;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Layer C's deny-list for the DJL types a loss may name ({@code NDArray}, {@code NDArrays},
 * {@code NDManager}, {@code NDList}, {@code NDResource}, {@code Shape}, {@code NDIndex},
 * {@code DataType}): every public method of DJL 0.35.1 on these types is listed below as allowed
 * or denied, with the reason the author is told. A name missing from both lists (a method a newer
 * DJL adds) is denied until someone reviews it; {@code NDArrayDenyListTest} fails when the lists
 * and the API drift apart.
 *
 * <h2>The invariant</h2>
 * The service validates untrusted losses in its own JVM, and every array a loss creates stays
 * attached to the batch's manager until the step ends, so a loss must not be able to allocate
 * without bound even in straight-line code. A loss works on vectors of shape [B]: the batch's
 * inputs are [B], it combines them elementwise, reduces them to scalars for batch statistics and
 * broadcasts scalars against vectors. The rules keep it there:
 * <ol>
 *   <li>Every array a loss can reach has rank 0 or 1: the batch's arrays are [B] (checked by
 *       {@code PreferenceBatch}), {@code NDManager.create} makes scalars only, and no allowed
 *       operation adds an axis.</li>
 *   <li>No allowed operation returns more elements than its largest array argument (or 1). With
 *       ranks at most 1, broadcasting two arrays gives the larger one ([n] with [1] or [] is
 *       [n]; [n] with [m], n ≠ m, is an error), so elementwise operations qualify.</li>
 * </ol>
 * Hence no intermediate ever holds more than max(B, 1) elements, and {@link BytecodeChecker} bounds
 * how many operations one call of the loss can execute ({@link BytecodeChecker#MAX_OPERATIONS}),
 * so the memory one call can take is bounded by B and a constant. Java objects the API returns are
 * bounded by the same numbers (a {@code double[]} of ≤ B values, a {@code Shape} of rank ≤ 1).
 *
 * <h2>How the API was walked</h2>
 * Each public method of the eight types, by what the size of its result depends on:
 * <ul>
 *   <li><b>Allowed, same shape as the input:</b> the unary elementwise functions (abs, exp, log,
 *       sqrt, the trigonometric and hyperbolic functions, erf, gammaln, sign, round, isNaN ...),
 *       clip, toType (float64 is the widest type), stopGradient, scaleGradient, duplicate, zerosLike, onesLike,
 *       softmax, logSoftmax, normalize, cumSum, cumProd, sort, argSort, flip; and the ones that
 *       permute or drop axes without changing the element count: transpose, swapAxes, flatten,
 *       squeeze.</li>
 *   <li><b>Allowed, broadcasting binary:</b> add, sub, mul, div, mod, pow, maximum, minimum, the
 *       comparisons, the logical operators, atan2, xlogy, and {@code NDArrays.where}. Their result
 *       has the broadcast shape of the arguments, which under rule 1 is the larger argument. This
 *       is why rank growth must be impossible: {@code x.reshape(-1, 1).mul(x.reshape(1, -1))} is a
 *       [B, B] matrix, and repeating the trick squares the size each time.</li>
 *   <li><b>Allowed, reductions:</b> sum, mean, max, min, prod, median, percentile, norm, all, any,
 *       none, countNonzero, argMax, argMin, diff (shorter than its input).</li>
 *   <li><b>Allowed, selection:</b> get with long indices, an {@code NDIndex} (see below) or an
 *       index array; getScalar, booleanMask, take and gather (their result has the shape of the
 *       index array, itself a rank-1 array of the loss); topK, unique, split (pieces of the input,
 *       at most one more than the indices given).</li>
 *   <li><b>Allowed, reading:</b> getShape, size, getDataType, the getX/toXArray readers (a Java
 *       array of at most B values), isEmpty, isScalar, shapeEquals, allClose, contentEquals,
 *       getManager, hasGradient, toString/hashCode/equals.</li>
 *   <li><b>Denied, new axes or a new shape:</b> reshape, expandDims, broadcast, oneHot,
 *       sequenceMask, nonzero (an [n, 1] matrix of indices), and indexing with a String
 *       ({@code get(":, null")}, {@code new NDIndex(String)}, {@code NDIndex.addIndices(String)}),
 *       whose "null" adds an axis. An {@code NDIndex} is built with {@code addSliceDim},
 *       {@code addPickDim}, {@code addBooleanIndex}, {@code addAllDim()} and long indices, none of
 *       which adds an axis.</li>
 *   <li><b>Denied, longer results:</b> concat and stack (x = concat(x, x) doubles x: thirty
 *       statements make 2^30 B values), tile, repeat, pad, and the Fourier transforms fft, ifft,
 *       rfft, irfft, fft2, ifft2, stft (their output length is a parameter).</li>
 *   <li><b>Denied, matrix operations:</b> matMul, dot, batchDot, batchMatMul (outer products of
 *       [B, 1] by [1, B]), inverse, diagonal, trace, rotate90, gatherNd: they need or make
 *       matrices, which a loss never has.</li>
 *   <li><b>Denied, creation of a chosen size:</b> {@code NDManager.create} of anything but a single
 *       number. With a Shape or a buffer it allocates any size. A Java array would bring literal
 *       data in: a 2-D literal ({@code create(new float[][] {...})}, up to 1024 values by the
 *       source check) has rank 2 and would broadcast into matrices ([k, 1] with [B] is [k, B],
 *       [k, 1] with [1, k] is [k, k]), and a 1-D literal cannot match a batch size that is known
 *       only at run time. zeros, ones, full, arange, linspace, eye, the random and sample
 *       families, hanningWindow and the sparse constructors are denied for the same reason (and
 *       random values would make the loss non-deterministic).</li>
 *   <li><b>Denied, Java-side growth:</b> {@code Shape.add/addAll} (s = s.addAll(s) doubles a
 *       shape's long[]), {@code NDList} mutators (list.addAll(list) doubles a list),
 *       {@code NDIndex.addAllDim(int)} and {@code NDIndex.sliceAxis(int, ..)}, which add as many
 *       index entries as their int argument says (Integer.MAX_VALUE fills the heap).</li>
 *   <li><b>Denied, escaping or corrupting the batch:</b> managers (newBaseManager, newSubManager,
 *       attach, detach, close ...), the engine and devices, autograd (getGradient,
 *       setRequiresGradient), in-place operations (addi, set, put, scatter ...), serialisation
 *       (encode, decode, load, toByteBuffer), sparse and complex arrays, and {@code like()}
 *       (uninitialised memory).</li>
 *   <li><b>Denied, text:</b> getName, getUid, getAsString, toStringArray, toDebugString and
 *       {@code NDManager.create(String)}: strings only appear in exception messages.</li>
 * </ul>
 */
final class NDArrayDenyList {

    /** The binary names of the types this list covers. */
    static final Set<String> OWNERS = Set.of("ai.djl.ndarray.NDArray", "ai.djl.ndarray.NDArrays",
            "ai.djl.ndarray.NDManager", "ai.djl.ndarray.NDList", "ai.djl.ndarray.NDResource",
            "ai.djl.ndarray.types.Shape", "ai.djl.ndarray.index.NDIndex", "ai.djl.ndarray.types.DataType");

    static final String VECTOR_ADVICE = "a loss combines per-example [B] vectors elementwise (x.mul(y), "
            + "Ops.sigmoid(x), NDArrays.where(c, a, b)); use reductions such as mean() or sum() for batch statistics";

    private static final String NEW_SHAPE = "%s is not allowed: it changes the shape or adds an axis, and "
            + "broadcasting such arrays builds [B, B] matrices and larger; " + VECTOR_ADVICE;
    private static final String LONGER = "%s is not allowed: it makes an array longer than its inputs (repeated, "
            + "it doubles the size each time); " + VECTOR_ADVICE;
    private static final String MATRIX = "%s is not allowed: it is a matrix operation (an outer product of "
            + "vectors is a [B, B] matrix); " + VECTOR_ADVICE;
    private static final String INDEX_STRING = "%s with a String index is not allowed (\"null\" in an index string "
            + "adds an axis): use get(i) or get(new NDIndex().addSliceDim(from, to))";
    private static final String CREATE = "%s creates an array of a size the loss chooses (or random values): "
            + "derive arrays from the batch instead (x.zerosLike(), x.onesLike(), x.mul(0).add(c)) and create "
            + "scalars with batch.manager().create(double)";
    private static final String JAVA_GROWTH = "%s grows a Java object by as much as its arguments say "
            + "(repeated, it doubles it), which is not allowed: a loss needs no shapes, lists or indexes of its own";
    private static final String ESCAPE = "%s manages native memory outside the batch: a loss must only create "
            + "arrays through operations on the batch's arrays (or batch.manager().create(double) for scalars) and "
            + "must never open, close, attach or detach managers or arrays";
    private static final String ENGINE = "%s reaches the engine or the device, which a loss must not touch: use "
            + "NDArray operations and Ops";
    private static final String AUTOGRAD = "%s tampers with autograd: the trainer takes the gradients itself; "
            + "return the per-example loss and nothing else";
    private static final String SERIALISE = "%s serialises or loads arrays, which a loss must not do";
    private static final String IN_PLACE = "%s modifies an array in place, which can corrupt the batch and breaks "
            + "autograd: use the out-of-place form (add, sub, mul, div ...) and keep the result";
    private static final String EXOTIC = "%s is not available in a loss (sparse, complex or uninitialised arrays, "
            + "layouts and Java collections are not part of a loss): " + VECTOR_ADVICE;
    private static final String TEXT = "%s is not allowed: strings only appear in exception messages, built with + "
            + "from literals and numbers";
    private static final String REFLECTION = "%s is reflection, which is not allowed in a loss";
    private static final String UNREVIEWED = "%s is not available in a loss (it is not on the sandbox's reviewed "
            + "list of NDArray operations): " + VECTOR_ADVICE;

    /** Methods allowed on every covered type (Janino and javac may name the static type as owner). */
    private static final Set<String> OBJECT_METHODS = Set.of("toString", "hashCode", "equals");

    /** "Owner.name" to "" (allowed) or the reason template (denied). */
    private static final Map<String, String> VERDICTS = verdicts();

    private NDArrayDenyList() {
    }

    /**
     * Why a call is refused, or null when it is allowed.
     *
     * @param owner      binary name of a type in {@link #OWNERS}
     * @param name       method name, {@code <init>} for constructors
     * @param descriptor JVM method descriptor
     */
    static String deniedCall(String owner, String name, String descriptor) {
        String simple = owner.substring(owner.lastIndexOf('.') + 1);
        String shown = simple + "." + (name.equals("<init>") ? "<init>" : name);
        String byDescriptor = byDescriptor(simple, name, descriptor);
        if (byDescriptor != null) {
            return byDescriptor.isEmpty() ? null : byDescriptor;
        }
        if (OBJECT_METHODS.contains(name)) {
            return null;
        }
        String verdict = VERDICTS.get(simple + "." + name);
        if (verdict == null) {
            return String.format(UNREVIEWED, shown);
        }
        return verdict.isEmpty() ? null : String.format(verdict, shown);
    }

    /** Whether the review lists {@code name} on the type {@code simpleOwner} (allowed or denied). */
    static boolean isReviewed(String simpleOwner, String name) {
        return OBJECT_METHODS.contains(name) || VERDICTS.containsKey(simpleOwner + "." + name);
    }

    /** The names the review allows on {@code simpleOwner} (descriptor rules aside). */
    static Set<String> allowedNames(String simpleOwner) {
        Set<String> names = new TreeSet<>();
        String prefix = simpleOwner + ".";
        VERDICTS.forEach((key, verdict) -> {
            if (key.startsWith(prefix) && verdict.isEmpty()) {
                names.add(key.substring(prefix.length()));
            }
        });
        return names;
    }

    /**
     * Overloads that differ in what they allow: "" when allowed, a reason when denied, null when
     * the name alone decides.
     */
    private static String byDescriptor(String owner, String name, String descriptor) {
        switch (owner + "." + name) {
            case "NDManager.create" -> {
                if (descriptor.matches("\\((Ljava/lang/Number;|[DFIJZB])\\)Lai/djl/ndarray/NDArray;")) {
                    return "";
                }
                if (descriptor.contains("Lai/djl/ndarray/types/Shape;") || descriptor.contains("Ljava/nio/")) {
                    return "NDManager.create with a Shape or a buffer allocates an array of any size: create scalars "
                            + "with batch.manager().create(double) and derive arrays from the batch (zerosLike, "
                            + "onesLike, mul, add ...)";
                }
                if (descriptor.contains("Ljava/lang/String;")) {
                    return String.format(TEXT, "NDManager.create with a String");
                }
                return "NDManager.create with a Java array is not allowed: a 2-D array broadcasts into matrices and a "
                        + "1-D one cannot match the batch size, which is known only at run time; create scalars with "
                        + "batch.manager().create(double) and derive vectors from the batch (x.zerosLike().add(c))";
            }
            case "NDArray.get" -> {
                return descriptor.startsWith("(Ljava/lang/String;") ? String.format(INDEX_STRING, "NDArray.get") : "";
            }
            case "NDIndex.<init>" -> {
                return descriptor.startsWith("(Ljava/lang/String;") ? String.format(INDEX_STRING, "new NDIndex")
                        : "";
            }
            case "NDIndex.addIndices" -> {
                return descriptor.startsWith("(Ljava/lang/String;")
                        ? String.format(INDEX_STRING, "NDIndex.addIndices") : "";
            }
            case "NDIndex.addAllDim" -> {
                return descriptor.equals("()Lai/djl/ndarray/index/NDIndex;") ? ""
                        : "NDIndex.addAllDim(count) adds as many index entries as count says (any number), which "
                        + "is not allowed: call addAllDim() once per axis (a [B] vector has one)";
            }
            case "NDList.<init>" -> {
                if (descriptor.equals("()V") || descriptor.equals("([Lai/djl/ndarray/NDArray;)V")) {
                    return "";
                }
                if (descriptor.equals("(I)V")) {
                    return "new NDList(capacity) allocates a list of any size: use new NDList(a, b, ...)";
                }
                return "new NDList(collection) is not allowed: use new NDList(a, b, ...)";
            }
            case "DataType.valueOf" -> {
                return descriptor.startsWith("(Ljava/lang/String;)") ? "" : String.format(REFLECTION,
                        "DataType.valueOf(Class, String)");
            }
            default -> {
                return null;
            }
        }
    }

    private static Map<String, String> verdicts() {
        Map<String, String> v = new HashMap<>();

        // NDArray (195 public names in DJL 0.35.1)
        allow(v, "NDArray", "abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cbrt", "ceil", "clip", "cos",
                "cosh", "erf", "erfinv", "exp", "floor", "gammaln", "isInfinite", "isNaN", "log", "log10", "log2",
                "logicalNot", "neg", "round", "sign", "sin", "sinh", "sqrt", "square", "tan", "tanh", "toDegrees",
                "toRadians", "trunc", "stopGradient", "scaleGradient", "duplicate", "zerosLike", "onesLike", "toType",
                "normalize", "softmax", "logSoftmax", "cumSum", "cumProd", "sort", "argSort", "flip", "transpose",
                "swapAxes", "flatten", "squeeze");
        allow(v, "NDArray", "add", "sub", "mul", "div", "mod", "pow", "maximum", "minimum", "eq", "neq", "gt", "gte",
                "lt", "lte", "logicalAnd", "logicalOr", "logicalXor", "atan2", "xlogy");
        allow(v, "NDArray", "sum", "mean", "max", "min", "prod", "median", "percentile", "norm", "all", "any", "none",
                "countNonzero", "argMax", "argMin", "diff");
        allow(v, "NDArray", "get", "getScalar", "booleanMask", "take", "gather", "topK", "unique", "split");
        allow(v, "NDArray", "getShape", "getDataType", "getManager", "size", "isEmpty", "isScalar", "isSparse",
                "isReleased", "shapeEquals", "allClose", "contentEquals", "getDouble", "getFloat", "getInt", "getLong",
                "getBoolean", "getByte", "getUint8", "toArray", "toDoubleArray", "toFloatArray", "toIntArray",
                "toLongArray", "toBooleanArray", "toByteArray", "toShortArray", "toUint8Array", "toUnsignedIntArray",
                "toUnsignedShortArray", "hasGradient");
        deny(v, "NDArray", NEW_SHAPE, "reshape", "expandDims", "broadcast", "oneHot", "sequenceMask", "nonzero");
        deny(v, "NDArray", LONGER, "concat", "stack", "tile", "repeat", "pad", "fft", "ifft", "rfft", "irfft", "fft2",
                "ifft2", "stft");
        deny(v, "NDArray", MATRIX, "matMul", "dot", "batchDot", "batchMatMul", "inverse", "diagonal", "trace",
                "rotate90", "gatherNd");
        deny(v, "NDArray", EXOTIC, "complex", "real", "conj", "toSparse", "toDense", "getSparseFormat", "like");
        deny(v, "NDArray", ESCAPE, "close", "attach", "detach", "tempAttach", "returnResource", "intern",
                "getResourceNDArrays", "getNDArrayInternal", "setName");
        deny(v, "NDArray", ENGINE, "getDevice", "toDevice");
        deny(v, "NDArray", AUTOGRAD, "getGradient", "setRequiresGradient");
        deny(v, "NDArray", SERIALISE, "encode", "decode", "toByteBuffer", "getAsBytes", "getAsObject");
        deny(v, "NDArray", TEXT, "getAsString", "toStringArray", "toDebugString", "getName", "getUid");
        deny(v, "NDArray", IN_PLACE, "addi", "subi", "muli", "divi", "modi", "powi", "negi", "signi", "set",
                "setScalar", "copyTo", "put", "scatter");

        // NDArrays (35)
        allow(v, "NDArrays", "add", "sub", "mul", "div", "mod", "pow", "maximum", "minimum", "eq", "neq", "gt", "gte",
                "lt", "lte", "logicalAnd", "logicalOr", "logicalXor", "where", "erf", "erfinv", "allClose",
                "contentEquals", "shapeEquals", "booleanMask");
        deny(v, "NDArrays", LONGER, "concat", "stack");
        deny(v, "NDArrays", MATRIX, "matMul", "dot");
        deny(v, "NDArrays", NEW_SHAPE, "sequenceMask");
        deny(v, "NDArrays", IN_PLACE, "addi", "subi", "muli", "divi", "modi", "powi");

        // NDManager (46); create is decided by its descriptor
        allow(v, "NDManager", "create", "isOpen");
        deny(v, "NDManager", CREATE, "zeros", "ones", "full", "arange", "linspace", "eye", "randomUniform",
                "randomNormal", "randomInteger", "randomMultinomial", "randomPermutation", "sampleNormal",
                "samplePoisson", "sampleGamma", "truncatedNormal", "hanningWindow", "createCSR", "createRowSparse",
                "createCoo");
        deny(v, "NDManager", ESCAPE, "newBaseManager", "newSubManager", "subManagerOf", "getParentManager", "close",
                "cap", "attachAll", "attachInternal", "attachUncappedInternal", "detachInternal", "tempAttachAll",
                "tempAttachInternal", "ret", "getManagedArrays", "nextUid", "from", "allocateDirect", "setName");
        deny(v, "NDManager", ENGINE, "getEngine", "getDevice", "defaultDevice", "invoke");
        deny(v, "NDManager", SERIALISE, "load", "decode");
        deny(v, "NDManager", TEXT, "getName");

        // NDList (50, most of them java.util.ArrayList's); <init> is decided by its descriptor
        allow(v, "NDList", "<init>", "get", "head", "singletonOrThrow", "size", "isEmpty", "getShapes", "subNDList",
                "contains", "indexOf", "lastIndexOf", "getManager");
        deny(v, "NDList", JAVA_GROWTH, "add", "addAll", "set", "remove", "removeAll", "removeIf", "retainAll",
                "replaceAll", "clear", "sort", "ensureCapacity", "trimToSize");
        deny(v, "NDList", ESCAPE, "attach", "detach", "close", "tempAttach", "returnResource",
                "getResourceNDArrays");
        deny(v, "NDList", ENGINE, "toDevice");
        deny(v, "NDList", SERIALISE, "encode", "decode", "getAsBytes", "getAsObject", "toByteBuffer");
        deny(v, "NDList", TEXT, "getAsString");
        deny(v, "NDList", EXOTIC, "clone", "containsAll", "forEach", "iterator", "listIterator", "parallelStream",
                "spliterator", "stream", "subList", "toArray");

        // NDResource (7)
        allow(v, "NDResource", "getManager");
        deny(v, "NDResource", ESCAPE, "attach", "close", "detach", "getResourceNDArrays", "returnResource",
                "tempAttach");

        // Shape (31)
        allow(v, "Shape", "<init>", "dimension", "get", "getLastDimension", "getLeadingOnes", "getShape",
                "getTrailingOnes", "getUnknownValueCount", "hasZeroDimension", "head", "isLayoutKnown", "isRankOne",
                "isScalar", "size", "slice", "tail", "update");
        deny(v, "Shape", JAVA_GROWTH, "add", "addAll");
        deny(v, "Shape", EXOTIC, "getLayout", "getLayoutType", "filterByLayoutType", "map", "stream", "parseShapes");
        deny(v, "Shape", SERIALISE, "decode", "getEncoded");
        deny(v, "Shape", TEXT, "toLayoutString");

        // NDIndex (13); <init>, addIndices and addAllDim are decided by their descriptors
        allow(v, "NDIndex", "<init>", "addAllDim", "addIndices", "addBooleanIndex", "addEllipseDim", "addPickDim",
                "addSliceDim", "getRank", "getEllipsisIndex");
        deny(v, "NDIndex", JAVA_GROWTH, "sliceAxis");
        deny(v, "NDIndex", EXOTIC, "get", "getIndices", "stream");

        // DataType (21)
        allow(v, "DataType", "values", "valueOf", "fromNumpy", "fromSafetensors", "asNumpy", "asSafetensors", "name",
                "isBoolean", "isFloating", "isInteger", "getNumOfBytes", "ordinal", "compareTo");
        deny(v, "DataType", REFLECTION, "getDeclaringClass", "describeConstable");
        deny(v, "DataType", EXOTIC, "fromBuffer", "asDataType", "getFormat");
        return Map.copyOf(v);
    }

    private static void allow(Map<String, String> verdicts, String owner, String... names) {
        for (String name : names) {
            put(verdicts, owner + "." + name, "");
        }
    }

    private static void deny(Map<String, String> verdicts, String owner, String template, String... names) {
        for (String name : names) {
            put(verdicts, owner + "." + name, template);
        }
    }

    private static void put(Map<String, String> verdicts, String key, String verdict) {
        if (verdicts.put(key, verdict) != null) {
            throw new IllegalStateException("reviewed twice: " + key);
        }
    }
}
