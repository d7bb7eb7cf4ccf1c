package dev.lossforge.task.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Draws continuations from a {@link CausalLm} at temperature 1 (so that Monte Carlo estimates
 * of KL divergence stay unbiased), with a key/value cache. Each prompt has its own random
 * stream, split from the caller's generator in prompt order, so a prompt's continuation does not
 * depend on which other prompts share its batch.
 */
public final class Sampler {

    private final CausalLm lm;
    private final int endToken;
    private final int maxNewTokens;
    private final int chunk;

    /**
     * @param endToken     ends a continuation (and is part of it)
     * @param maxNewTokens a continuation stops here if it has not ended
     * @param chunk        most sequences decoded together
     */
    public Sampler(CausalLm lm, int endToken, int maxNewTokens, int chunk) {
        this.lm = lm;
        this.endToken = endToken;
        this.maxNewTokens = maxNewTokens;
        this.chunk = chunk;
    }

    /** One continuation per prompt, in prompt order. */
    public List<int[]> sample(ParameterStore ps, NDManager manager, List<int[]> prompts, SplittableRandom random) {
        SplittableRandom[] streams = new SplittableRandom[prompts.size()];
        // prompts of one length decode together, so that no padding is needed
        Map<Integer, List<Integer>> byLength = new TreeMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            streams[i] = random.split();
            int length = prompts.get(i).length;
            if (length + maxNewTokens > lm.shape().contextLength()) {
                throw new IllegalArgumentException("prompt of " + length + " tokens plus " + maxNewTokens
                        + " new ones exceeds the context of " + lm.shape().contextLength());
            }
            byLength.computeIfAbsent(length, k -> new ArrayList<>()).add(i);
        }
        int[][] result = new int[prompts.size()][];
        for (List<Integer> group : byLength.values()) {
            for (int start = 0; start < group.size(); start += chunk) {
                List<Integer> rows = group.subList(start, Math.min(group.size(), start + chunk));
                decode(ps, manager, prompts, rows, streams, result);
            }
        }
        return Arrays.asList(result);
    }

    private void decode(ParameterStore ps, NDManager manager, List<int[]> prompts, List<Integer> rows,
                        SplittableRandom[] streams, int[][] result) {
        int n = rows.size();
        int promptLength = prompts.get(rows.get(0)).length;
        int vocab = lm.shape().vocabSize();
        int[][] generated = new int[n][maxNewTokens];
        int[] lengths = new int[n];
        boolean[] ended = new boolean[n];
        try (NDManager owner = manager.newSubManager()) {
            List<KvCache> caches = new ArrayList<>();
            for (int i = 0; i < lm.shape().layers(); i++) {
                caches.add(new KvCache(owner));
            }
            int[] next = new int[n];
            for (int step = 0; step < maxNewTokens; step++) {
                float[] probabilities;
                try (NDManager scope = owner.newSubManager()) {
                    NDArray logits;
                    if (step == 0) {
                        int[] flat = new int[n * promptLength];
                        for (int r = 0; r < n; r++) {
                            System.arraycopy(prompts.get(rows.get(r)), 0, flat, r * promptLength, promptLength);
                        }
                        logits = lm.prefill(ps, scope.create(flat, new Shape(n, promptLength)), caches);
                    } else {
                        logits = lm.step(ps, scope.create(next, new Shape(n, 1)), promptLength + step - 1, caches);
                    }
                    probabilities = logits.softmax(-1).toFloatArray();
                }
                boolean allEnded = true;
                for (int r = 0; r < n; r++) {
                    if (ended[r]) {
                        next[r] = endToken;
                        continue;
                    }
                    int token = draw(probabilities, r * vocab, vocab, streams[rows.get(r)].nextDouble());
                    generated[r][lengths[r]++] = token;
                    next[r] = token;
                    ended[r] = token == endToken;
                    allEnded &= ended[r];
                }
                if (allEnded) {
                    break;
                }
            }
        }
        for (int r = 0; r < n; r++) {
            result[rows.get(r)] = Arrays.copyOf(generated[r], lengths[r]);
        }
    }

    /** Inverse of the cumulative distribution at {@code u}. */
    private static int draw(float[] probabilities, int offset, int vocab, double u) {
        double cumulative = 0;
        for (int t = 0; t < vocab; t++) {
            cumulative += probabilities[offset + t];
            if (u < cumulative) {
                return t;
            }
        }
        // u fell in the rounding gap above the last cumulative sum: take the last likely token
        for (int t = vocab - 1; t > 0; t--) {
            if (probabilities[offset + t] > 0) {
                return t;
            }
        }
        return 0;
    }
}
