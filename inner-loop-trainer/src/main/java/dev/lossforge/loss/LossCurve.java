package dev.lossforge.loss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The loss and its slope as functions of the log-ratio difference ρ, the curves DiscoPOP's
 * analysis plots: used by the {@code loss-curve} command, the service's candidate curve endpoint
 * and the web page.
 *
 * <p>Convention (LOSSES.md): ρ = −10, −9.9, …, 10 (201 points); h_w = a_w = ρ, h_l = a_l = 0,
 * r_w = r_l = 0, lengths 1, soft label 1, no reward scores. dLoss/dρ is the gradient with respect
 * to the policy chosen log-probability a_w in that setup.
 *
 * <p>The 201 points are evaluated as ONE batch in float64. For a per-pair loss that is the same
 * as 201 separate pairs. For a loss with batch statistics (aql, aqfl, dbaql) the value at each ρ
 * depends on the whole grid, and the slope is the derivative of the grid's summed loss with
 * respect to that point's ρ (the signal that pair gets in training, up to the 1/B of the mean).
 *
 * <p>Opens a gradient collector through {@link LossProbe}, which serialises callers on
 * {@link GradientGate}: safe to call from several threads.
 */
public final class LossCurve {

    /** Number of grid points. */
    public static final int POINTS = 201;

    private LossCurve() {
    }

    /** ρ at grid index i (0 ≤ i &lt; 201): computed as an integer over 10, so −10 … 10 without drift. */
    public static double rhoAt(int index) {
        if (index < 0 || index >= POINTS) {
            throw new IndexOutOfBoundsException("grid index " + index + " outside 0.." + (POINTS - 1));
        }
        return (index - 100) / 10.0;
    }

    /** The curve batch: 201 pairs in the convention above. */
    public static BatchValues batch(double beta) {
        double[] rho = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            rho[i] = rhoAt(i);
        }
        double[] ones = new double[POINTS];
        Arrays.fill(ones, 1.0);
        return new BatchValues(rho, new double[POINTS], new double[POINTS], new double[POINTS],
                ones, ones.clone(), ones.clone(), null, null, beta);
    }

    /**
     * @throws MissingInputException when the loss needs an input the curve convention lacks
     *                               (reward scores, for ddo-rm)
     * @throws IllegalArgumentException when beta is not a finite number above 0
     * @throws RuntimeException whatever else the loss throws, or a result of the wrong shape
     */
    public static List<LossCurvePoint> compute(PreferenceLoss loss, double beta) {
        BatchValues batch = batch(beta);
        ProbeResult result = LossProbe.probe(loss, batch);
        List<LossCurvePoint> points = new ArrayList<>(POINTS);
        for (int i = 0; i < POINTS; i++) {
            points.add(new LossCurvePoint(batch.policyChosenLogps()[i], result.losses()[i],
                    result.gradPolicyChosen()[i]));
        }
        return List.copyOf(points);
    }
}
