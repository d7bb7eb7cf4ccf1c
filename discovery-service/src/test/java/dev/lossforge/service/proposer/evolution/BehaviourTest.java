package dev.lossforge.service.proposer.evolution;

import org.junit.jupiter.api.Test;

import static dev.lossforge.service.proposer.evolution.BehaviourDescriptor.Slope;
import static dev.lossforge.service.proposer.evolution.BehaviourDescriptor.Tail;
import static dev.lossforge.service.proposer.evolution.Build.c;
import static dev.lossforge.service.proposer.evolution.Build.exp;
import static dev.lossforge.service.proposer.evolution.Build.mul;
import static dev.lossforge.service.proposer.evolution.Build.neg;
import static dev.lossforge.service.proposer.evolution.Build.sigmoid;
import static dev.lossforge.service.proposer.evolution.Build.softplus;
import static dev.lossforge.service.proposer.evolution.Build.square;
import static dev.lossforge.service.proposer.evolution.Build.x;
import static org.assertj.core.api.Assertions.assertThat;

class BehaviourTest {

    private static BehaviourDescriptor describe(String seed) {
        return Behaviour.describe(SeedLibrary.tree(seed).orElseThrow(), 0.1);
    }

    @Test
    void dpoSaturatesOnTheRightGrowsOnTheLeftAndIsConvexAndMonotone() {
        // ℓ(x): slope -σ(-x) → 0 at +12 (6e-6), → -1 at -12; ℓ'(0) = -1/2
        assertThat(describe("dpo")).isEqualTo(new BehaviourDescriptor(Tail.FLAT, Tail.RISING, true, true, Slope.MODERATE));
        // hinge: max(0, 1 - x), slope -1 at 0, flat beyond 1
        assertThat(describe("hinge")).isEqualTo(new BehaviourDescriptor(Tail.FLAT, Tail.RISING, true, true, Slope.MODERATE));
    }

    @Test
    void ipoPullsLargeMarginsBackAndIsSteep() {
        // (ρ - 1/(2β))² on the curve (lengths 1): a parabola with its minimum at ρ = 5, slope -1/β² = -100 per unit x at 0
        assertThat(describe("ipo")).isEqualTo(new BehaviourDescriptor(Tail.RISING, Tail.RISING, true, false, Slope.STEEP));
    }

    @Test
    void lrmlIsNeitherConvexNorMonotone() {
        BehaviourDescriptor lrml = describe("lrml");
        assertThat(lrml.convex()).isFalse();
        assertThat(lrml.monotone()).isFalse();
        assertThat(lrml.leftTail()).isEqualTo(Tail.RISING);
    }

    @Test
    void aSigmoidLossGivesUpOnMisrankedPairs() {
        // σ(-x): bounded on both sides, slope -1/4 at 0 (the MODERATE bucket starts at 0.25)
        BehaviourDescriptor sigmoidLoss = Behaviour.describe(sigmoid(neg(mul(c("TWO", 2), x()))), 0.1);
        assertThat(sigmoidLoss).isEqualTo(new BehaviourDescriptor(Tail.FLAT, Tail.FLAT, false, true, Slope.MODERATE));
        assertThat(Behaviour.describe(sigmoid(neg(x())), 0.1).slope()).isEqualTo(Slope.GENTLE);
        assertThat(sigmoidLoss.niche()).isEqualTo("R-flat.L-flat.nonconvex.monotone.moderate");
        assertThat(sigmoidLoss.inWords()).contains("gives up on badly misranked");
    }

    @Test
    void viabilityRejectsBackwardsLossesAndOverflow() {
        assertThat(Behaviour.viability(softplus(neg(x())), 0.1)).isEmpty();
        // softplus(x) prefers the rejected response
        assertThat(Behaviour.viability(softplus(x()), 0.1))
                .hasValueSatisfying(reason -> assertThat(reason).contains("does not prefer the chosen response"));
        // a loss flat in ρ (here: even in ρ) does not rank either way
        assertThat(Behaviour.viability(square(x()), 0.1)).isPresent();
        // relu(−ρ − 1) is 0 with no gradient while |ρ| < 1: at the start of training (ρ = 0) nothing moves
        Node deadAtStart = Build.relu(Build.sub(Build.neg(Build.in(Input.RHO)), c("ONE", 1)));
        assertThat(Behaviour.viability(deadAtStart, 0.1))
                .hasValueSatisfying(reason -> assertThat(reason).contains("where training starts"));
        // relu(β − ρ − |y_w|) has a gradient at the start only for the rare pairs with no length; the
        // sandbox's smoke test finds it flat on realistic pairs too
        Node flat = Build.relu(Build.sub(Build.sub(Build.in(Input.BETA), Build.in(Input.RHO)), Build.in(Input.LEN_W)));
        assertThat(Behaviour.viability(flat, 0.1)).isPresent();
        // (e^20)^2 four times over is e^320: not finite
        Node huge = square(square(square(square(exp(neg(x()))))));
        assertThat(Behaviour.viability(huge, 0.1))
                .hasValueSatisfying(reason -> assertThat(reason).contains("the loss is"));
    }
}
