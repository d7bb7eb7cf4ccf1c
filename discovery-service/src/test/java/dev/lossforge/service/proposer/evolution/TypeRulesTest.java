package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.BatchInput;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static dev.lossforge.service.proposer.evolution.Build.add;
import static dev.lossforge.service.proposer.evolution.Build.c;
import static dev.lossforge.service.proposer.evolution.Build.gate;
import static dev.lossforge.service.proposer.evolution.Build.in;
import static dev.lossforge.service.proposer.evolution.Build.mul;
import static dev.lossforge.service.proposer.evolution.Build.neg;
import static dev.lossforge.service.proposer.evolution.Build.positive;
import static dev.lossforge.service.proposer.evolution.Build.softplus;
import static dev.lossforge.service.proposer.evolution.Build.sub;
import static dev.lossforge.service.proposer.evolution.Build.x;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TypeRulesTest {

    private static final Set<BatchInput> NONE = EnumSet.noneOf(BatchInput.class);

    @Test
    void aLossIsPerPairDependsOnThePolicyAndReadsOnlyWhatTheTaskHas() {
        assertThat(TypeRules.violation(softplus(neg(x())), NONE, 32, 10)).isEmpty();
        assertThat(TypeRules.violation(mul(c("A", 2), in(Input.BETA)), NONE, 32, 10))
                .hasValueSatisfying(reason -> assertThat(reason).contains("one value per pair"));
        assertThat(TypeRules.violation(softplus(in(Input.LEN_W)), NONE, 32, 10))
                .hasValueSatisfying(reason -> assertThat(reason).contains("does not depend on the policy"));
        assertThat(TypeRules.violation(add(sub(x(), x()), in(Input.LEN_L)), NONE, 32, 10))
                .hasValueSatisfying(reason -> assertThat(reason).contains("does not depend on the policy"));
        Node soft = mul(x(), in(Input.SOFT_LABEL));
        assertThat(TypeRules.violation(soft, NONE, 32, 10))
                .hasValueSatisfying(reason -> assertThat(reason).contains("soft_label"));
        assertThat(TypeRules.violation(soft, EnumSet.of(BatchInput.SOFT_LABEL), 32, 10)).isEmpty();
        assertThat(TypeRules.violation(mul(x(), in(Input.REWARD_W)), EnumSet.of(BatchInput.SOFT_LABEL), 32, 10))
                .hasValueSatisfying(reason -> assertThat(reason).contains("rewards"));
    }

    @Test
    void operatorsTakePerPairArgumentsAndGatesSwitchOnPerPairSelectors() {
        assertThat(TypeRules.violation(add(x(), softplus(in(Input.BETA))), NONE, 32, 10))
                .hasValueSatisfying(reason -> assertThat(reason).contains("$.args[1]").contains("softplus"));
        assertThat(TypeRules.violation(gate(in(Input.BETA), positive("TAU", 1), x(), neg(x())), NONE, 32, 10))
                .hasValueSatisfying(reason -> assertThat(reason).contains("selector"));
    }

    @Test
    void sizeAndDepthAreLimited() {
        Node chain = x();
        for (int i = 0; i < 12; i++) {
            chain = neg(chain);
        }
        Node deep = chain;
        assertThat(TypeRules.violation(deep, NONE, 32, 10))
                .hasValueSatisfying(reason -> assertThat(reason).contains("13 levels"));
        assertThat(TypeRules.violation(deep, NONE, 8, 20))
                .hasValueSatisfying(reason -> assertThat(reason).contains("13 nodes"));
        assertThatThrownBy(() -> TypeRules.check(deep, NONE, 8, 20)).isInstanceOf(GenomeFormatException.class);
    }

    @Test
    void gateTemperaturesArePositiveConstantsAndConstantsHaveJavaNames() {
        assertThatThrownBy(() -> gate(x(), c("TAU", 0.05), x(), x()))
                .hasMessageContaining("positive constant");
        assertThatThrownBy(() -> ConstNode.positive("TAU", 0.0)).hasMessageContaining("outside the range");
        assertThatThrownBy(() -> ConstNode.real("tau", 1.0)).hasMessageContaining("upper case");
        assertThatThrownBy(() -> ConstNode.real("C", Double.NaN)).hasMessageContaining("outside the range");
    }
}
