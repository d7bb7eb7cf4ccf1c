package dev.lossforge.sandbox;

import dev.lossforge.loss.BatchValues;

import java.util.Random;

/**
 * Preference batches with realistic values: summed log-probabilities negative and proportional
 * to the response length (0.3 to 2 nats per token), lengths from 1 to 64 tokens, policy
 * log-probabilities near the reference ones, soft labels in (0.05, 0.95), reward scores around
 * +-0.5. The spread of the policy around the reference sets how large the log-ratios get.
 */
final class RandomBatches {

    static final double BETA = 0.1;

    private RandomBatches() {
    }

    static BatchValues realistic(long seed, int size, double spread) {
        Random random = new Random(seed);
        double[] policyChosen = new double[size];
        double[] policyRejected = new double[size];
        double[] referenceChosen = new double[size];
        double[] referenceRejected = new double[size];
        double[] chosenLengths = new double[size];
        double[] rejectedLengths = new double[size];
        double[] softLabel = new double[size];
        double[] rewardChosen = new double[size];
        double[] rewardRejected = new double[size];
        for (int i = 0; i < size; i++) {
            chosenLengths[i] = 1 + random.nextInt(64);
            rejectedLengths[i] = 1 + random.nextInt(64);
            referenceChosen[i] = -chosenLengths[i] * (0.3 + 1.7 * random.nextDouble());
            referenceRejected[i] = -rejectedLengths[i] * (0.3 + 1.7 * random.nextDouble());
            policyChosen[i] = Math.min(-1e-3, referenceChosen[i] + spread * random.nextGaussian());
            policyRejected[i] = Math.min(-1e-3, referenceRejected[i] + spread * random.nextGaussian());
            softLabel[i] = 0.05 + 0.9 * random.nextDouble();
            rewardChosen[i] = 0.5 + random.nextGaussian();
            rewardRejected[i] = -0.5 + random.nextGaussian();
        }
        return new BatchValues(policyChosen, policyRejected, referenceChosen, referenceRejected, chosenLengths,
                rejectedLengths, softLabel, rewardChosen, rewardRejected, BETA);
    }

    static BatchValues withoutRewards(BatchValues b) {
        return new BatchValues(b.policyChosenLogps(), b.policyRejectedLogps(), b.referenceChosenLogps(),
                b.referenceRejectedLogps(), b.chosenLengths(), b.rejectedLengths(), b.softLabel(), null, null,
                b.beta());
    }

    static BatchValues withoutSoftLabel(BatchValues b) {
        return new BatchValues(b.policyChosenLogps(), b.policyRejectedLogps(), b.referenceChosenLogps(),
                b.referenceRejectedLogps(), b.chosenLengths(), b.rejectedLengths(), null, b.rewardChosen(),
                b.rewardRejected(), b.beta());
    }
}
