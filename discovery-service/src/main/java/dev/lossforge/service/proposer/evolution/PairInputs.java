package dev.lossforge.service.proposer.evolution;

import dev.lossforge.loss.BatchValues;

/**
 * The inputs of one preference pair as plain doubles, indexed by {@link Input#ordinal()}, and
 * their derivatives with respect to the two policy log-probabilities a_w and a_l.
 */
public final class PairInputs {

    private static final int COUNT = Input.values().length;

    final double[] values = new double[COUNT];
    final double[] dChosen = new double[COUNT];
    final double[] dRejected = new double[COUNT];

    /**
     * @param softLabel     NaN when the task has none
     * @param rewardChosen  NaN when the task has none
     * @param rewardRejected NaN when the task has none
     */
    public PairInputs(double policyChosen, double policyRejected, double referenceChosen, double referenceRejected,
                      double chosenLength, double rejectedLength, double softLabel, double rewardChosen,
                      double rewardRejected, double beta) {
        double hw = policyChosen - referenceChosen;
        double hl = policyRejected - referenceRejected;
        double rho = hw - hl;
        set(Input.BETA_RHO, beta * rho, beta, -beta);
        set(Input.RHO, rho, 1, -1);
        set(Input.H_W, hw, 1, 0);
        set(Input.H_L, hl, 0, 1);
        set(Input.H_W_PER_TOKEN, hw / chosenLength, 1 / chosenLength, 0);
        set(Input.H_L_PER_TOKEN, hl / rejectedLength, 0, 1 / rejectedLength);
        set(Input.A_W, policyChosen, 1, 0);
        set(Input.A_L, policyRejected, 0, 1);
        set(Input.A_W_PER_TOKEN, policyChosen / chosenLength, 1 / chosenLength, 0);
        set(Input.A_L_PER_TOKEN, policyRejected / rejectedLength, 0, 1 / rejectedLength);
        set(Input.LEN_W, chosenLength, 0, 0);
        set(Input.LEN_L, rejectedLength, 0, 0);
        set(Input.SOFT_LABEL, softLabel, 0, 0);
        set(Input.REWARD_W, rewardChosen, 0, 0);
        set(Input.REWARD_L, rewardRejected, 0, 0);
        set(Input.BETA, beta, 0, 0);
        set(Input.INV_TWO_BETA, 1.0 / (2.0 * beta), 0, 0);
    }

    /** Pair {@code i} of a batch (absent optional inputs become NaN). */
    public static PairInputs of(BatchValues batch, int i) {
        return new PairInputs(batch.policyChosenLogps()[i], batch.policyRejectedLogps()[i],
                batch.referenceChosenLogps()[i], batch.referenceRejectedLogps()[i],
                batch.chosenLengths()[i], batch.rejectedLengths()[i],
                batch.softLabel() == null ? Double.NaN : batch.softLabel()[i],
                batch.rewardChosen() == null ? Double.NaN : batch.rewardChosen()[i],
                batch.rewardRejected() == null ? Double.NaN : batch.rewardRejected()[i],
                batch.beta());
    }

    public double value(Input input) {
        return values[input.ordinal()];
    }

    private void set(Input input, double value, double dw, double dl) {
        values[input.ordinal()] = value;
        dChosen[input.ordinal()] = dw;
        dRejected[input.ordinal()] = dl;
    }
}
