package dev.lossforge.train;

import java.util.Objects;

/**
 * The training pairs' fixed inputs, one entry per pair: what the reference gave them (computed
 * once, since the reference is frozen), their lengths in tokens, and the optional soft labels and
 * reward-model scores. The responses themselves live in the {@link PolicyModel}.
 */
public record PairData(
        float[] referenceChosenLogps,
        float[] referenceRejectedLogps,
        float[] chosenLengths,
        float[] rejectedLengths,
        float[] softLabel,
        float[] rewardChosen,
        float[] rewardRejected) {

    public PairData {
        int n = referenceChosenLogps.length;
        requireLength("referenceRejectedLogps", referenceRejectedLogps, n);
        requireLength("chosenLengths", Objects.requireNonNull(chosenLengths), n);
        requireLength("rejectedLengths", Objects.requireNonNull(rejectedLengths), n);
        requireLength("softLabel", softLabel, n);
        requireLength("rewardChosen", rewardChosen, n);
        requireLength("rewardRejected", rewardRejected, n);
    }

    public int size() {
        return referenceChosenLogps.length;
    }

    private static void requireLength(String name, float[] values, int n) {
        if (values != null && values.length != n) {
            throw new IllegalArgumentException(name + " has " + values.length + " entries, expected " + n);
        }
    }
}
