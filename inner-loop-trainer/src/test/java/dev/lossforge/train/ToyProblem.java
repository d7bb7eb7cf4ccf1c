package dev.lossforge.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * A small preference problem for trainer tests: contexts with K responses described by feature
 * vectors, a linear scorer as the policy (log-softmax over the K responses), pairs whose chosen
 * response has the higher hidden linear score. The reference is the scorer's random start.
 */
final class ToyProblem implements PolicyModel, Evaluator, AutoCloseable {

    static final int CONTEXTS = 48;
    static final int K = 4;
    static final int FEATURES = 3;

    private final NDManager manager = NDManager.newBaseManager();
    private final Block block = Linear.builder().setUnits(1).optBias(false).build();
    private final float[][][] features = new float[CONTEXTS][K][FEATURES];
    private final int[] pairContext;
    private final int[] pairChosen;
    private final int[] pairRejected;
    private final PairData data;

    ToyProblem(long seed) {
        Random random = new Random(seed);
        double[] hidden = {1.0, -2.0, 0.5};
        for (float[][] context : features) {
            for (float[] response : context) {
                for (int f = 0; f < FEATURES; f++) {
                    response[f] = (float) random.nextGaussian();
                }
            }
        }
        block.initialize(manager, DataType.FLOAT32, new Shape(1, FEATURES));
        for (Pair<String, Parameter> p : block.getParameters()) {
            float[] w = new float[Math.toIntExact(p.getValue().getArray().size())];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (0.3 * random.nextGaussian());
            }
            p.getValue().getArray().set(w);
        }
        int pairs = CONTEXTS * 2;
        pairContext = new int[pairs];
        pairChosen = new int[pairs];
        pairRejected = new int[pairs];
        for (int i = 0; i < pairs; i++) {
            int c = i % CONTEXTS;
            int a = random.nextInt(K);
            int b = (a + 1 + random.nextInt(K - 1)) % K;
            boolean aWins = score(hidden, features[c][a]) > score(hidden, features[c][b]);
            pairContext[i] = c;
            pairChosen[i] = aWins ? a : b;
            pairRejected[i] = aWins ? b : a;
        }
        float[][] reference = referenceLogps();
        float[] lengths = new float[pairs];
        java.util.Arrays.fill(lengths, 1f);
        data = new PairData(reference[0], reference[1], lengths, lengths.clone(), null, null, null);
    }

    private static double score(double[] w, float[] x) {
        double s = 0;
        for (int f = 0; f < FEATURES; f++) {
            s += w[f] * x[f];
        }
        return s;
    }

    PairData data() {
        return data;
    }

    private float[][] referenceLogps() {
        int[] all = new int[pairContext.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        try (NDManager m = manager.newSubManager()) {
            NDList out = pairLogps(new ParameterStore(m, false), m, all);
            return new float[][] {out.get(0).toFloatArray(), out.get(1).toFloatArray()};
        }
    }

    @Override
    public Block block() {
        return block;
    }

    @Override
    public NDList pairLogps(ParameterStore parameters, NDManager m, int[] pairIndices) {
        int b = pairIndices.length;
        float[] x = new float[b * K * FEATURES];
        float[] chosenMask = new float[b * K];
        float[] rejectedMask = new float[b * K];
        for (int i = 0; i < b; i++) {
            int p = pairIndices[i];
            for (int k = 0; k < K; k++) {
                System.arraycopy(features[pairContext[p]][k], 0, x, (i * K + k) * FEATURES, FEATURES);
            }
            chosenMask[i * K + pairChosen[p]] = 1f;
            rejectedMask[i * K + pairRejected[p]] = 1f;
        }
        NDArray logits = block.forward(parameters, new NDList(m.create(x, new Shape(b * K, FEATURES))), true)
                .singletonOrThrow().reshape(b, K);
        NDArray logp = logits.logSoftmax(1);
        return new NDList(
                logp.mul(m.create(chosenMask, new Shape(b, K))).sum(new int[] {1}),
                logp.mul(m.create(rejectedMask, new Shape(b, K))).sum(new int[] {1}));
    }

    /** Share of training pairs whose chosen response the policy gives the higher probability. */
    @Override
    public Map<String, Double> evaluate(ParameterStore parameters, NDManager m) {
        int[] all = new int[pairContext.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        NDList out = pairLogps(parameters, m, all);
        float[] chosen = out.get(0).toFloatArray();
        float[] rejected = out.get(1).toFloatArray();
        int right = 0;
        for (int i = 0; i < chosen.length; i++) {
            right += chosen[i] > rejected[i] ? 1 : 0;
        }
        Map<String, Double> metrics = new HashMap<>();
        metrics.put("accuracy", right / (double) chosen.length);
        return metrics;
    }

    @Override
    public void close() {
        manager.close();
    }
}
