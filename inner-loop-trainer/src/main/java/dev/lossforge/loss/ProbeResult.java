package dev.lossforge.loss;

/**
 * Per-example losses of a batch and the gradients of their sum with respect to each of the four
 * log-probability inputs. For a loss without batch statistics the gradient at index i is that of
 * loss i alone; for one with them (aql, aqfl, dbaql) it also carries the other examples' share.
 */
public record ProbeResult(
        double[] losses,
        double[] gradPolicyChosen,
        double[] gradPolicyRejected,
        double[] gradReferenceChosen,
        double[] gradReferenceRejected) {
}
