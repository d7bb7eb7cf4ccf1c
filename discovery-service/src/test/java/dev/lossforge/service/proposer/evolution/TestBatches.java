package dev.lossforge.service.proposer.evolution;

import dev.lossforge.loss.BatchValues;

import java.util.SplittableRandom;

/** Random preference batches for tests, as plain doubles. */
final class TestBatches {

    private TestBatches() {
    }

    /**
     * @param spread log-probabilities are drawn from [−spread, −0.1]
     * @param withOptional whether the batch carries soft labels and rewards
     */
    static BatchValues random(long seed, int size, double spread, double beta, boolean withOptional) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] pc = new double[size];
        double[] pr = new double[size];
        double[] rc = new double[size];
        double[] rr = new double[size];
        double[] lc = new double[size];
        double[] lr = new double[size];
        double[] p = new double[size];
        double[] wc = new double[size];
        double[] wr = new double[size];
        for (int i = 0; i < size; i++) {
            pc[i] = -0.1 - random.nextDouble() * spread;
            pr[i] = -0.1 - random.nextDouble() * spread;
            rc[i] = -0.1 - random.nextDouble() * spread;
            rr[i] = -0.1 - random.nextDouble() * spread;
            lc[i] = 1 + random.nextInt(40);
            lr[i] = 1 + random.nextInt(40);
            p[i] = random.nextDouble();
            wc[i] = random.nextGaussian() * 2;
            wr[i] = random.nextGaussian() * 2;
        }
        return new BatchValues(pc, pr, rc, rr, lc, lr, withOptional ? p : null, withOptional ? wc : null,
                withOptional ? wr : null, beta);
    }
}
