package dev.lossforge.sandbox;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.loss.ProbeResult;

/** Test helpers: probe a loss, and small hand-made batches. */
final class Probes {

    private Probes() {
    }

    static ProbeResult probe(PreferenceLoss loss, BatchValues values) {
        return LossProbe.probe(loss, values);
    }

    /**
     * Four pairs with log-ratio differences rho = 2, -1, 0.5 and -6 (policy minus reference:
     * chosen +1.5/-0.5/+0.25/-3, rejected -0.5/+0.5/-0.25/+3), lengths 4/2, 1/3, 10/5, 2/8,
     * soft labels and rewards, beta 0.1.
     */
    static BatchValues handMade() {
        double[] referenceChosen = {-10.0, -3.0, -25.0, -4.0};
        double[] referenceRejected = {-8.0, -6.0, -12.0, -16.0};
        double[] policyChosen = {-8.5, -3.5, -24.75, -7.0};
        double[] policyRejected = {-8.5, -5.5, -12.25, -13.0};
        return new BatchValues(policyChosen, policyRejected, referenceChosen, referenceRejected,
                new double[] {4, 1, 10, 2}, new double[] {2, 3, 5, 8}, new double[] {0.9, 0.6, 0.75, 0.2},
                new double[] {1.0, 0.5, -0.2, 0.3}, new double[] {-1.0, 0.0, 0.4, 1.3}, 0.1);
    }

    static double rho(BatchValues v, int i) {
        return (v.policyChosenLogps()[i] - v.referenceChosenLogps()[i])
                - (v.policyRejectedLogps()[i] - v.referenceRejectedLogps()[i]);
    }

    /** -log sigma(z) = log(1 + e^-z), in plain doubles. */
    static double ell(double z) {
        return z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
    }
}
