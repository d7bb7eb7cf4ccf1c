package dev.lossforge.task.hh;

import java.util.Arrays;

/**
 * How well a score ranks chosen responses above rejected ones, as the DDO-RM benchmark reports
 * it. Ties count ½ everywhere, so a score that is the same for every response gets exactly 0.5.
 */
final class RankingMetrics {

    private RankingMetrics() {
    }

    /** Share of pairs whose chosen response scores above its rejected one. */
    static double pairAccuracy(double[] chosen, double[] rejected) {
        double correct = 0;
        for (int i = 0; i < chosen.length; i++) {
            correct += chosen[i] > rejected[i] ? 1 : chosen[i] == rejected[i] ? 0.5 : 0;
        }
        return correct / chosen.length;
    }

    /**
     * Area under the ROC curve of the score separating all chosen responses from all rejected
     * ones (the Mann–Whitney statistic over every chosen–rejected combination, not only the
     * pairs), from ranks with ties averaged: O(n log n).
     */
    static double auc(double[] chosen, double[] rejected) {
        int n = chosen.length + rejected.length;
        double[][] all = new double[n][];
        for (int i = 0; i < chosen.length; i++) {
            all[i] = new double[] {chosen[i], 1};
        }
        for (int i = 0; i < rejected.length; i++) {
            all[chosen.length + i] = new double[] {rejected[i], 0};
        }
        Arrays.sort(all, (a, b) -> Double.compare(a[0], b[0]));
        double chosenRankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && all[j][0] == all[i][0]) {
                j++;
            }
            double averageRank = (i + 1 + j) / 2.0; // ranks i+1 .. j
            for (int k = i; k < j; k++) {
                if (all[k][1] == 1) {
                    chosenRankSum += averageRank;
                }
            }
            i = j;
        }
        double u = chosenRankSum - chosen.length * (chosen.length + 1) / 2.0;
        return u / ((double) chosen.length * rejected.length);
    }

    /** Mean of chosen minus rejected over the pairs. */
    static double meanMargin(double[] chosen, double[] rejected) {
        double sum = 0;
        for (int i = 0; i < chosen.length; i++) {
            sum += chosen[i] - rejected[i];
        }
        return sum / chosen.length;
    }
}
