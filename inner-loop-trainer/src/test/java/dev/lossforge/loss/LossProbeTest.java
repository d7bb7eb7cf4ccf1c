package dev.lossforge.loss;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LossProbeTest {

    private static BatchValues batch(double... policyChosen) {
        int n = policyChosen.length;
        double[] zeros = new double[n];
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        return new BatchValues(policyChosen, zeros.clone(), zeros.clone(), zeros.clone(), ones, ones.clone(),
                null, null, null, 0.5);
    }

    @Test
    void readsValuesAndGradientsOfTheSum() {
        // loss = beta * x^2 on the chosen log-probability: value 0.5 x^2, gradient x
        PreferenceLoss quadratic = b -> b.policyChosenLogps().square().mul(b.beta());
        ProbeResult result = LossProbe.probe(quadratic, batch(1.0, -2.0, 3.0));

        assertThat(result.losses()).containsExactly(new double[] {0.5, 2.0, 4.5}, within(1e-12));
        assertThat(result.gradPolicyChosen()).containsExactly(new double[] {1.0, -2.0, 3.0}, within(1e-12));
        assertThat(result.gradPolicyRejected()).containsOnly(0.0);
        assertThat(result.gradReferenceChosen()).containsOnly(0.0);
    }

    @Test
    void softplusAndSigmoidStayFiniteFarOut() {
        // d/dx softplus(x) = sigmoid(x): 0 and 1 at the ends, 0.5 at 0 (where ρ starts in training)
        PreferenceLoss softplus = b -> Ops.softplus(Ops.logRatioDifference(b));
        ProbeResult result = LossProbe.probe(softplus, batch(-1e4, 0.0, 1e4));

        assertThat(result.losses()).containsExactly(new double[] {0.0, Math.log(2), 1e4}, within(1e-9));
        assertThat(result.gradPolicyChosen()).containsExactly(new double[] {0.0, 0.5, 1.0}, within(1e-12));
        assertThat(result.gradPolicyRejected()).containsExactly(new double[] {0.0, -0.5, -1.0}, within(1e-12));
    }

    @Test
    void rejectsAResultOfTheWrongShape() {
        PreferenceLoss scalar = b -> b.policyChosenLogps().sum();
        assertThatThrownBy(() -> LossProbe.probe(scalar, batch(1, 2, 3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one value per pair");
    }

    @Test
    void aLossThatIgnoresItsInputsHasZeroGradients() {
        PreferenceLoss constant = b -> b.chosenLengths().mul(2.0);
        ProbeResult result = LossProbe.probe(constant, batch(1, 2));

        assertThat(result.losses()).containsExactly(2.0, 2.0);
        assertThat(result.gradPolicyChosen()).containsOnly(0.0);
        assertThat(result.gradPolicyRejected()).containsOnly(0.0);
    }
}
