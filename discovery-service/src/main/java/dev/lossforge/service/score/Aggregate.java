package dev.lossforge.service.score;

import java.util.Map;

/**
 * A candidate's fitness on one task over its seeds.
 *
 * @param n          seeds measured
 * @param failed     seeds that failed
 * @param mean       mean of the measured seeds, or {@code null} when none was
 * @param ciLow      lower end of the 95% Student-t interval of the mean (null below two seeds)
 * @param ciHigh     upper end
 * @param seedValues fitness by seed (as a string key, the JSON form)
 */
public record Aggregate(int n, int failed, Double mean, Double ciLow, Double ciHigh, Map<String, Double> seedValues) {
}
