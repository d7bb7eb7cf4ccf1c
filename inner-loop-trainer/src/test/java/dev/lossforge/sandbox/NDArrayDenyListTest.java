package dev.lossforge.sandbox;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deny-list of the DJL ndarray API: complete for DJL 0.35.1, right about the overloads that
 * matter, and right in fact: every allowed operation keeps arrays at rank ≤ 1 and at most B
 * elements on the real engine, while the denied ones do build larger arrays.
 */
class NDArrayDenyListTest {

    private static final int B = 5;

    /** Allowed, harmless, and refused by DJL's PyTorch engine (PtNDArray throws "Not implemented"). */
    private static final Set<String> NOT_IMPLEMENTED_BY_PYTORCH = Set.of("acosh", "asinh", "atanh");

    @Test
    void everyPublicMethodOfTheCoveredTypesIsReviewed() throws Exception {
        List<String> unreviewed = new ArrayList<>();
        for (String owner : NDArrayDenyList.OWNERS) {
            Class<?> type = Class.forName(owner);
            String simple = type.getSimpleName();
            for (Method m : type.getMethods()) {
                if (m.getDeclaringClass() != Object.class && !NDArrayDenyList.isReviewed(simple, m.getName())) {
                    unreviewed.add(simple + "." + m.getName());
                }
            }
            for (Constructor<?> c : type.getConstructors()) {
                if (!NDArrayDenyList.isReviewed(simple, "<init>")) {
                    unreviewed.add(simple + ".<init>" + List.of(c.getParameterTypes()));
                }
            }
        }
        assertThat(unreviewed).as("methods the deny-list neither allows nor denies").isEmpty();
    }

    @Test
    void aMethodTheReviewDoesNotKnowIsDenied() {
        assertThat(NDArrayDenyList.deniedCall("ai.djl.ndarray.NDArray", "outerProduct",
                "(Lai/djl/ndarray/NDArray;)Lai/djl/ndarray/NDArray;"))
                .startsWith("NDArray.outerProduct is not available in a loss (it is not on the sandbox's reviewed list");
    }

    @ParameterizedTest(name = "{0}.{1}{2}")
    @CsvSource(delimiter = '|', value = {
        // growth of arrays
        "ai.djl.ndarray.NDArray | reshape | ([J)Lai/djl/ndarray/NDArray; | NDArray.reshape is not allowed",
        "ai.djl.ndarray.NDArray | expandDims | (I)Lai/djl/ndarray/NDArray; | NDArray.expandDims is not allowed",
        "ai.djl.ndarray.NDArray | concat | (Lai/djl/ndarray/NDArray;)Lai/djl/ndarray/NDArray; | makes an array longer",
        "ai.djl.ndarray.NDArrays | concat | (Lai/djl/ndarray/NDList;)Lai/djl/ndarray/NDArray; | NDArrays.concat is",
        "ai.djl.ndarray.NDArrays | stack | (Lai/djl/ndarray/NDList;)Lai/djl/ndarray/NDArray; | NDArrays.stack is",
        "ai.djl.ndarray.NDArray | matMul | (Lai/djl/ndarray/NDArray;)Lai/djl/ndarray/NDArray; | matrix operation",
        "ai.djl.ndarray.NDArray | batchMatMul | (Lai/djl/ndarray/NDArray;)Lai/djl/ndarray/NDArray; | matrix operation",
        "ai.djl.ndarray.NDArrays | dot | (Lai/djl/ndarray/NDArray;Lai/djl/ndarray/NDArray;)Lai/djl/ndarray/NDArray; | matrix",
        "ai.djl.ndarray.NDArray | nonzero | ()Lai/djl/ndarray/NDArray; | adds an axis",
        "ai.djl.ndarray.NDArray | get | (Ljava/lang/String;[Ljava/lang/Object;)Lai/djl/ndarray/NDArray; | with a String index",
        "ai.djl.ndarray.index.NDIndex | <init> | (Ljava/lang/String;[Ljava/lang/Object;)V | new NDIndex with a String index",
        "ai.djl.ndarray.index.NDIndex | addIndices | (Ljava/lang/String;[Ljava/lang/Object;)Lai/djl/ndarray/index/NDIndex; | String index",
        "ai.djl.ndarray.NDManager | create | ([[F)Lai/djl/ndarray/NDArray; | NDManager.create with a Java array",
        "ai.djl.ndarray.NDManager | create | ([D)Lai/djl/ndarray/NDArray; | NDManager.create with a Java array",
        "ai.djl.ndarray.NDManager | create | ([DLai/djl/ndarray/types/Shape;)Lai/djl/ndarray/NDArray; | with a Shape",
        "ai.djl.ndarray.NDManager | create | (Ljava/lang/String;)Lai/djl/ndarray/NDArray; | strings only appear",
        "ai.djl.ndarray.NDManager | zeros | (Lai/djl/ndarray/types/Shape;)Lai/djl/ndarray/NDArray; | of a size the loss chooses",
        // growth of Java objects
        "ai.djl.ndarray.types.Shape | addAll | (Lai/djl/ndarray/types/Shape;)Lai/djl/ndarray/types/Shape; | grows a Java object",
        "ai.djl.ndarray.NDList | addAll | (Lai/djl/ndarray/NDList;)Lai/djl/ndarray/NDList; | grows a Java object",
        "ai.djl.ndarray.NDList | <init> | (I)V | new NDList(capacity)",
        "ai.djl.ndarray.index.NDIndex | addAllDim | (I)Lai/djl/ndarray/index/NDIndex; | NDIndex.addAllDim(count)",
        "ai.djl.ndarray.index.NDIndex | sliceAxis | (IJJ)Lai/djl/ndarray/index/NDIndex; | grows a Java object",
        // the rest of the review, unchanged in substance
        "ai.djl.ndarray.NDArray | addi | (Lai/djl/ndarray/NDArray;)Lai/djl/ndarray/NDArray; | in place",
        "ai.djl.ndarray.NDArray | getGradient | ()Lai/djl/ndarray/NDArray; | tampers with autograd",
        "ai.djl.ndarray.NDManager | newSubManager | ()Lai/djl/ndarray/NDManager; | manages native memory",
        "ai.djl.ndarray.NDArray | like | ()Lai/djl/ndarray/NDArray; | uninitialised",
        "ai.djl.ndarray.NDArray | toDebugString | ()Ljava/lang/String; | strings only appear"
    })
    void deniesWithAReason(String owner, String name, String descriptor, String reason) {
        assertThat(NDArrayDenyList.deniedCall(owner, name, descriptor)).isNotNull().contains(reason);
    }

    @ParameterizedTest(name = "{0}.{1}{2}")
    @CsvSource(delimiter = '|', value = {
        "ai.djl.ndarray.NDArray | mul | (Lai/djl/ndarray/NDArray;)Lai/djl/ndarray/NDArray;",
        "ai.djl.ndarray.NDArray | mean | ()Lai/djl/ndarray/NDArray;",
        "ai.djl.ndarray.NDArray | get | ([J)Lai/djl/ndarray/NDArray;",
        "ai.djl.ndarray.NDArray | get | (Lai/djl/ndarray/index/NDIndex;)Lai/djl/ndarray/NDArray;",
        "ai.djl.ndarray.NDArray | toString | ()Ljava/lang/String;",
        "ai.djl.ndarray.NDArrays | where | (Lai/djl/ndarray/NDArray;Lai/djl/ndarray/NDArray;Lai/djl/ndarray/NDArray;)Lai/djl/ndarray/NDArray;",
        "ai.djl.ndarray.NDManager | create | (D)Lai/djl/ndarray/NDArray;",
        "ai.djl.ndarray.NDManager | create | (Ljava/lang/Number;)Lai/djl/ndarray/NDArray;",
        "ai.djl.ndarray.NDManager | create | (Z)Lai/djl/ndarray/NDArray;",
        "ai.djl.ndarray.index.NDIndex | <init> | ()V",
        "ai.djl.ndarray.index.NDIndex | addAllDim | ()Lai/djl/ndarray/index/NDIndex;",
        "ai.djl.ndarray.index.NDIndex | addSliceDim | (JJ)Lai/djl/ndarray/index/NDIndex;",
        "ai.djl.ndarray.NDList | <init> | ([Lai/djl/ndarray/NDArray;)V",
        "ai.djl.ndarray.types.Shape | get | (I)J",
        "ai.djl.ndarray.types.DataType | valueOf | (Ljava/lang/String;)Lai/djl/ndarray/types/DataType;"
    })
    void allows(String owner, String name, String descriptor) {
        assertThat(NDArrayDenyList.deniedCall(owner, name, descriptor)).isNull();
    }

    /**
     * Calls of every allowed NDArray and NDArrays method that returns arrays, on [B] vectors, a
     * boolean mask, an index vector and scalars, the shapes a loss can hold.
     */
    private static Map<String, List<Function<Inputs, Object>>> allowedCalls() {
        Map<String, List<Function<Inputs, Object>>> calls = new LinkedHashMap<>();
        // elementwise and shape-preserving
        for (String unary : List.of("abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cbrt", "ceil", "cos",
                "cosh", "erf", "erfinv", "exp", "floor", "gammaln", "isInfinite", "isNaN", "log", "log10", "log2",
                "neg", "round", "sign", "sin", "sinh", "sqrt", "square", "tan", "tanh", "toDegrees", "toRadians",
                "trunc", "stopGradient", "duplicate", "zerosLike", "onesLike", "sort", "argSort", "transpose",
                "flatten", "squeeze", "cumSum", "sum", "mean", "max", "min", "prod", "median", "norm", "all", "any",
                "none", "countNonzero", "argMax", "argMin", "unique")) {
            add(calls, unary, in -> invoke(in.x, unary));
            add(calls, unary, in -> invoke(in.s, unary));
        }
        add(calls, "logicalNot", in -> in.mask.logicalNot());
        add(calls, "clip", in -> in.x.clip(0.1, 0.9));
        add(calls, "scaleGradient", in -> in.x.scaleGradient(0.5));
        add(calls, "toType", in -> in.x.toType(DataType.FLOAT32, false));
        add(calls, "normalize", in -> in.x.normalize(2, 0, 1e-12));
        add(calls, "softmax", in -> in.x.softmax(0));
        add(calls, "logSoftmax", in -> in.x.logSoftmax(0));
        add(calls, "cumSum", in -> in.x.cumSum(0));
        add(calls, "cumProd", in -> in.x.cumProd(0));
        add(calls, "sort", in -> in.x.sort(0));
        add(calls, "argSort", in -> in.x.argSort(0, false));
        add(calls, "flip", in -> in.x.flip(0));
        add(calls, "transpose", in -> in.x.transpose(0));
        add(calls, "swapAxes", in -> in.x.swapAxes(0, 0));
        add(calls, "flatten", in -> in.x.flatten(0, -1));
        add(calls, "squeeze", in -> in.x.squeeze(new int[0]));
        // broadcasting binary, vector with vector, with a scalar array and with a number
        for (String binary : List.of("add", "sub", "mul", "div", "mod", "pow", "maximum", "minimum", "eq", "neq",
                "gt", "gte", "lt", "lte", "atan2", "xlogy")) {
            add(calls, binary, in -> invoke(in.x, binary, in.y));
            add(calls, binary, in -> invoke(in.x, binary, in.s));
            add(calls, binary, in -> invoke(in.s, binary, in.x));
            if (!binary.equals("atan2") && !binary.equals("xlogy")) {
                add(calls, binary, in -> invoke(in.x, binary, (Number) 2.0));
            }
        }
        for (String logical : List.of("logicalAnd", "logicalOr", "logicalXor")) {
            add(calls, logical, in -> invoke(in.mask, logical, in.x.lt(0.3)));
        }
        // reductions with axes
        add(calls, "sum", in -> in.x.sum(new int[] {0}, true));
        add(calls, "mean", in -> in.x.mean(new int[] {0}));
        add(calls, "max", in -> in.x.max(new int[] {0}, true));
        add(calls, "min", in -> in.x.min(new int[] {0}));
        add(calls, "prod", in -> in.x.prod(new int[] {0}));
        add(calls, "median", in -> in.x.median(new int[] {0}));
        add(calls, "percentile", in -> in.x.percentile(50));
        add(calls, "norm", in -> in.x.norm(2, new int[] {0}, true));
        add(calls, "countNonzero", in -> in.x.countNonzero(0));
        add(calls, "argMax", in -> in.x.argMax(0));
        add(calls, "argMin", in -> in.x.argMin(0));
        add(calls, "diff", in -> in.x.diff(1, 0));
        add(calls, "diff", in -> in.x.diff(1000, 0));
        // selection
        add(calls, "get", in -> in.x.get(2));
        add(calls, "get", in -> in.x.get(new NDIndex().addSliceDim(0, 3)));
        add(calls, "get", in -> in.x.get(new NDIndex().addAllDim()));
        add(calls, "get", in -> in.x.get(new NDIndex().addPickDim(in.index)));
        add(calls, "get", in -> in.x.get(new NDIndex().addBooleanIndex(in.mask)));
        add(calls, "get", in -> in.x.get(in.mask));
        add(calls, "get", in -> in.x.get(in.index));
        add(calls, "get", in -> in.x.get(in.x.getManager(), new NDIndex(1)));
        add(calls, "getScalar", in -> in.x.getScalar(1));
        add(calls, "booleanMask", in -> in.x.booleanMask(in.mask));
        add(calls, "take", in -> in.x.take(in.index));
        add(calls, "gather", in -> in.x.gather(in.index, 0));
        add(calls, "topK", in -> in.x.topK(2, 0));
        add(calls, "unique", in -> in.x.unique(0, true, true, true));
        add(calls, "split", in -> in.x.split(1));
        add(calls, "split", in -> in.x.split(new long[] {1, 3}));
        return calls;
    }

    private static Map<String, List<Function<Inputs, Object>>> allowedStaticCalls() {
        Map<String, List<Function<Inputs, Object>>> calls = new LinkedHashMap<>();
        for (String binary : List.of("sub", "div", "mod", "pow", "maximum", "minimum", "eq", "neq", "gt", "gte",
                "lt", "lte")) {
            add(calls, binary, in -> staticCall(binary, in.x, in.s));
            add(calls, binary, in -> staticCall(binary, in.s, in.y));
        }
        // add and mul take any number of arrays of one shape
        add(calls, "add", in -> NDArrays.add(in.x, in.y, in.x));
        add(calls, "mul", in -> NDArrays.mul(in.x, in.y, in.x));
        add(calls, "logicalAnd", in -> NDArrays.logicalAnd(in.mask, in.x.lt(0.3)));
        add(calls, "logicalOr", in -> NDArrays.logicalOr(in.mask, in.x.lt(0.3)));
        add(calls, "logicalXor", in -> NDArrays.logicalXor(in.mask, in.x.lt(0.3)));
        add(calls, "where", in -> NDArrays.where(in.mask, in.x, in.s));
        add(calls, "erf", in -> NDArrays.erf(in.x));
        add(calls, "erfinv", in -> NDArrays.erfinv(in.x));
        add(calls, "booleanMask", in -> NDArrays.booleanMask(in.x, in.mask));
        return calls;
    }

    @Test
    void everyAllowedOperationKeepsArraysAtRankOneAndAtMostBElements() throws Exception {
        Map<String, List<Function<Inputs, Object>>> calls = allowedCalls();
        Map<String, List<Function<Inputs, Object>>> staticCalls = allowedStaticCalls();
        assertThat(calls.keySet()).as("allowed NDArray methods that return arrays, each called here")
                .containsExactlyInAnyOrderElementsOf(arrayReturning(NDArray.class));
        assertThat(staticCalls.keySet()).as("allowed NDArrays methods that return arrays, each called here")
                .containsExactlyInAnyOrderElementsOf(arrayReturning(NDArrays.class));

        Set<String> checked = new TreeSet<>();
        Set<String> refused = new TreeSet<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            Inputs in = new Inputs(manager);
            for (Map<String, List<Function<Inputs, Object>>> table : List.of(calls, staticCalls)) {
                for (Map.Entry<String, List<Function<Inputs, Object>>> e : table.entrySet()) {
                    for (Function<Inputs, Object> call : e.getValue()) {
                        Object result;
                        try (NDManager step = manager.newSubManager()) {
                            try {
                                result = call.apply(in);
                            } catch (RuntimeException engineRefused) {
                                // a dtype or rank the engine does not take: no array at all
                                refused.add(e.getKey() + ": " + engineRefused);
                                continue;
                            }
                            for (NDArray out : arrays(result)) {
                                assertThat(out.getShape().dimension()).as("rank after %s", e.getKey()).isLessThanOrEqualTo(1);
                                assertThat(out.size()).as("size after %s", e.getKey()).isLessThanOrEqualTo(B);
                            }
                            checked.add(e.getKey());
                        }
                    }
                }
            }
            // scalars are the only arrays a loss can create
            assertThat(manager.create(0.5).getShape().dimension()).isZero();
        }
        // every allowed name ran at least once on this engine, except three it does not implement
        Set<String> all = new TreeSet<>(calls.keySet());
        all.addAll(staticCalls.keySet());
        all.removeAll(NOT_IMPLEMENTED_BY_PYTORCH);
        for (String name : NOT_IMPLEMENTED_BY_PYTORCH) {
            assertThat(refused).contains(name + ": java.lang.UnsupportedOperationException: Not implemented");
        }
        assertThat(checked).as("refused by the engine: %s", refused).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void theDeniedOperationsReallyBuildLargerArrays() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new double[] {0.1, 0.2, 0.3, 0.4, 0.5});
            assertThat(x.reshape(-1, 1).mul(x.reshape(1, -1)).size()).isEqualTo(B * B);
            assertThat(x.expandDims(1).sub(x.expandDims(0)).size()).isEqualTo(B * B);
            assertThat(x.reshape(-1, 1).matMul(x.reshape(1, -1)).size()).isEqualTo(B * B);
            assertThat(NDArrays.concat(new NDList(x, x)).size()).isEqualTo(2 * B);
            assertThat(NDArrays.stack(new NDList(x, x, x)).size()).isEqualTo(3 * B);
            assertThat(x.get(":, null").getShape().dimension()).isEqualTo(2);
            assertThat(x.gt(0.25).nonzero().getShape().dimension()).isEqualTo(2);
            NDArray column = manager.create(new double[][] {{1}, {2}, {3}});
            assertThat(column.mul(x).size()).isEqualTo(3 * B);
        }
    }

    /** The names the review allows on {@code type} that have an overload returning NDArray or NDList. */
    private static Set<String> arrayReturning(Class<?> type) {
        Set<String> allowed = NDArrayDenyList.allowedNames(type.getSimpleName());
        Set<String> names = new TreeSet<>();
        for (Method m : type.getMethods()) {
            boolean returnsArrays = NDArray.class.isAssignableFrom(m.getReturnType())
                    || NDList.class.isAssignableFrom(m.getReturnType());
            if (returnsArrays && allowed.contains(m.getName()) && Modifier.isPublic(m.getModifiers())) {
                names.add(m.getName());
            }
        }
        return names;
    }

    private static void add(Map<String, List<Function<Inputs, Object>>> calls, String name,
                            Function<Inputs, Object> call) {
        calls.computeIfAbsent(name, k -> new ArrayList<>()).add(call);
    }

    private static List<NDArray> arrays(Object result) {
        if (result instanceof NDList list) {
            return list;
        }
        return List.of((NDArray) result);
    }

    private static Object invoke(NDArray target, String name, Object... args) {
        try {
            for (Method m : NDArray.class.getMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == args.length && matches(m, args)) {
                    return m.invoke(target, args);
                }
            }
            throw new IllegalStateException("no overload NDArray." + name);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw (RuntimeException) e.getCause();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object staticCall(String name, NDArray a, NDArray b) {
        try {
            return NDArrays.class.getMethod(name, NDArray.class, NDArray.class).invoke(null, a, b);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw (RuntimeException) e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean matches(Method m, Object[] args) {
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            if (!types[i].isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    /** What a loss can hold: [B] vectors, a mask, an index vector derived from them, and scalars. */
    private static final class Inputs {
        final NDArray x;
        final NDArray y;
        final NDArray s;
        final NDArray mask;
        final NDArray index;

        Inputs(NDManager manager) {
            x = manager.create(new double[] {0.1, 0.7, 0.3, 0.9, 0.5});
            y = manager.create(new double[] {0.2, 0.4, 0.6, 0.8, 1.0});
            s = manager.create(2.0);
            mask = x.gt(0.4);
            index = x.argSort();
        }
    }
}
