package dev.lossforge.loss.builtin;

import dev.lossforge.loss.BatchValues;

import java.util.Arrays;

/** Test batches: general pairs that exercise every term, the loss-curve convention, extremes. */
final class Batches {

    private Batches() {
    }

    /**
     * Five pairs with nonzero references, lengths other than 1, soft labels other than 1 and
     * reward scores, so every term of every loss is exercised. Signs of Δ and of a_w − a_l vary.
     */
    static BatchValues general(double beta) {
        return new BatchValues(
                new double[] {-12.5, -3.2, -40.0, -7.7, -1.1},
                new double[] {-14.0, -2.9, -35.5, -9.4, -6.0},
                new double[] {-13.1, -3.0, -38.2, -8.0, -2.5},
                new double[] {-13.6, -3.5, -36.0, -8.8, -4.4},
                new double[] {12, 3, 40, 7, 2},
                new double[] {15, 4, 33, 9, 5},
                new double[] {0.9, 0.6, 0.75, 0.3, 1.0},
                new double[] {1.2, -0.3, 0.5, 2.0, 0.1},
                new double[] {0.4, 0.2, 0.9, -1.0, 0.1},
                beta);
    }

    /**
     * LOSSES.md's loss-curve convention at the given ρ values: h_w = a_w = ρ, h_l = a_l = 0,
     * r_w = r_l = 0, lengths 1, no soft label; reward scores are added (0.3, −0.2) so that
     * ddo-rm can run too (the other losses ignore them).
     */
    static BatchValues curve(double beta, double... rho) {
        int n = rho.length;
        double[] rewardChosen = new double[n];
        double[] rewardRejected = new double[n];
        Arrays.fill(rewardChosen, 0.3);
        Arrays.fill(rewardRejected, -0.2);
        return new BatchValues(rho.clone(), new double[n], new double[n], new double[n], ones(n), ones(n),
                null, rewardChosen, rewardRejected, beta);
    }

    /** |ρ| up to 1e4 in the curve convention, where naive formulas overflow. */
    static BatchValues extremeCurve(double beta) {
        return curve(beta, -1e4, -1e3, -60, 60, 1e3, 1e4);
    }

    /** Large log-probabilities with large references and lengths: Δ = ±4000 and more. */
    static BatchValues extremeGeneral(double beta) {
        return new BatchValues(
                new double[] {-9000, -500, -12000, -30},
                new double[] {-5000, -8000, -3000, -9000},
                new double[] {-5000, -4500, -8000, -20},
                new double[] {-9000, -4000, -7000, -20},
                new double[] {300, 20, 900, 3},
                new double[] {200, 400, 100, 800},
                new double[] {0.8, 0.2, 0.95, 0.55},
                new double[] {3.0, -2.0, 0.0, 7.5},
                new double[] {-1.0, 4.0, 0.5, -7.5},
                beta);
    }

    static double[] ones(int n) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        return ones;
    }
}
