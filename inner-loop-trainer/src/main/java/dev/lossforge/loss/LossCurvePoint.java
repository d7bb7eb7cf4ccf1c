package dev.lossforge.loss;

/**
 * One point of a loss curve (see {@link LossCurve}).
 *
 * @param rho       the log-ratio difference ρ = h_w − h_l
 * @param loss      the per-pair loss at ρ
 * @param dLossDRho the slope: gradient with respect to the policy chosen log-probability, which
 *                  equals ρ in the curve convention
 */
public record LossCurvePoint(double rho, double loss, double dLossDRho) {
}
