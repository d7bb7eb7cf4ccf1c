package dev.lossforge.service.score;

/**
 * A candidate minus DPO on the seeds both were measured on.
 *
 * @param n      common seeds
 * @param mean   mean difference
 * @param ciLow  lower end of its 95% Student-t interval (null below two seeds)
 * @param ciHigh upper end
 * @param pValue two-sided paired t-test p-value of "no difference" (null below two seeds)
 */
public record PairedDelta(int n, Double mean, Double ciLow, Double ciHigh, Double pValue) {
}
