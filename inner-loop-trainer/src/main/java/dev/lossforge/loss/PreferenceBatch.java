package dev.lossforge.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Objects;

/**
 * One batch of preference pairs, every array of shape {@code [B]}.
 *
 * <p>Log-probabilities are summed over the tokens of a response. {@code softLabel} (the
 * probability that the chosen response is preferred) and the reward-model scores
 * {@code rewardChosen}/{@code rewardRejected} are optional and {@code null} when the task has
 * none; use {@link #hasSoftLabel()} and {@link #hasRewards()} before reading them.
 *
 * @param policyChosenLogps      log pi(y_w | x) under the policy being trained
 * @param policyRejectedLogps    log pi(y_l | x) under the policy being trained
 * @param referenceChosenLogps   log pi_ref(y_w | x) under the frozen reference
 * @param referenceRejectedLogps log pi_ref(y_l | x) under the frozen reference
 * @param chosenLengths          |y_w| in tokens
 * @param rejectedLengths        |y_l| in tokens
 * @param softLabel              P(y_w preferred over y_l), or {@code null}
 * @param rewardChosen           reward-model score of y_w, or {@code null}
 * @param rewardRejected         reward-model score of y_l, or {@code null}
 * @param beta                   the KL-strength scalar of the task
 */
public record PreferenceBatch(
        NDArray policyChosenLogps,
        NDArray policyRejectedLogps,
        NDArray referenceChosenLogps,
        NDArray referenceRejectedLogps,
        NDArray chosenLengths,
        NDArray rejectedLengths,
        NDArray softLabel,
        NDArray rewardChosen,
        NDArray rewardRejected,
        double beta) {

    public PreferenceBatch {
        Objects.requireNonNull(policyChosenLogps, "policyChosenLogps");
        Objects.requireNonNull(policyRejectedLogps, "policyRejectedLogps");
        Objects.requireNonNull(referenceChosenLogps, "referenceChosenLogps");
        Objects.requireNonNull(referenceRejectedLogps, "referenceRejectedLogps");
        Objects.requireNonNull(chosenLengths, "chosenLengths");
        Objects.requireNonNull(rejectedLengths, "rejectedLengths");
        if ((rewardChosen == null) != (rewardRejected == null)) {
            throw new IllegalArgumentException("rewardChosen and rewardRejected must be given together");
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number above 0, got " + beta);
        }
        Shape shape = policyChosenLogps.getShape();
        if (shape.dimension() != 1) {
            throw new IllegalArgumentException("policyChosenLogps must have shape [B], got " + shape);
        }
        requireShape("policyRejectedLogps", policyRejectedLogps, shape);
        requireShape("referenceChosenLogps", referenceChosenLogps, shape);
        requireShape("referenceRejectedLogps", referenceRejectedLogps, shape);
        requireShape("chosenLengths", chosenLengths, shape);
        requireShape("rejectedLengths", rejectedLengths, shape);
        requireShape("softLabel", softLabel, shape);
        requireShape("rewardChosen", rewardChosen, shape);
        requireShape("rewardRejected", rewardRejected, shape);
    }

    /** A batch without soft labels or reward scores. */
    public static PreferenceBatch of(
            NDArray policyChosenLogps,
            NDArray policyRejectedLogps,
            NDArray referenceChosenLogps,
            NDArray referenceRejectedLogps,
            NDArray chosenLengths,
            NDArray rejectedLengths,
            double beta) {
        return new PreferenceBatch(policyChosenLogps, policyRejectedLogps, referenceChosenLogps,
                referenceRejectedLogps, chosenLengths, rejectedLengths, null, null, null, beta);
    }

    /** The number of pairs B. */
    public int size() {
        return Math.toIntExact(policyChosenLogps.getShape().get(0));
    }

    /** The manager that owns the policy log-probabilities; new arrays of a loss belong there. */
    public NDManager manager() {
        return policyChosenLogps.getManager();
    }

    public boolean hasSoftLabel() {
        return softLabel != null;
    }

    public boolean hasRewards() {
        return rewardChosen != null;
    }

    /** The same batch with other policy log-probabilities (used to take gradients). */
    public PreferenceBatch withLogps(NDArray policyChosen, NDArray policyRejected,
                                     NDArray referenceChosen, NDArray referenceRejected) {
        return new PreferenceBatch(policyChosen, policyRejected, referenceChosen, referenceRejected,
                chosenLengths, rejectedLengths, softLabel, rewardChosen, rewardRejected, beta);
    }

    private static void requireShape(String name, NDArray array, Shape expected) {
        if (array != null && !array.getShape().equals(expected)) {
            throw new IllegalArgumentException(
                    name + " must have shape " + expected + " like policyChosenLogps, got " + array.getShape());
        }
    }
}
