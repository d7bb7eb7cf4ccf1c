package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.BatchInput;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.lossforge.service.proposer.evolution.Build.add;
import static dev.lossforge.service.proposer.evolution.Build.c;
import static dev.lossforge.service.proposer.evolution.Build.exp;
import static dev.lossforge.service.proposer.evolution.Build.gate;
import static dev.lossforge.service.proposer.evolution.Build.in;
import static dev.lossforge.service.proposer.evolution.Build.logSigmoid;
import static dev.lossforge.service.proposer.evolution.Build.mul;
import static dev.lossforge.service.proposer.evolution.Build.neg;
import static dev.lossforge.service.proposer.evolution.Build.positive;
import static dev.lossforge.service.proposer.evolution.Build.relu;
import static dev.lossforge.service.proposer.evolution.Build.sigmoid;
import static dev.lossforge.service.proposer.evolution.Build.softplus;
import static dev.lossforge.service.proposer.evolution.Build.square;
import static dev.lossforge.service.proposer.evolution.Build.sub;
import static dev.lossforge.service.proposer.evolution.Build.x;

/**
 * The built-in losses of LOSSES.md that the grammar can write, as trees: the initial population.
 * Names are those of {@code BuiltinLosses}, so the service can map a baseline candidate to its
 * tree ({@link #tree(String)}).
 *
 * <p>Left out: orpo (needs log(1 − e^m)), padll and pfl (a step function of ρ or of a_w − a_l),
 * aql, aqfl, dbaql (batch statistics), ddo-rm (a softmax over the pair). Two differ from their
 * classes only where the grammar bounds them: the e^(−βρ) of lrml and cell is exp(clamp(−βρ,
 * −20, 20)), equal for |βρ| ≤ 20.
 */
public final class SeedLibrary {

    /** One seed: the built-in loss's name and its tree (constants named uniquely). */
    public record Seed(String name, Node tree) {
        public Seed {
            tree = Trees.uniqueConstantNames(tree);
        }
    }

    private static final double EXO_EPSILON = 1e-3;
    private static final double RDPO_EPSILON = 0.1;

    private static final List<Seed> ALL = List.of(
            new Seed("dpo", softplus(neg(x()))),
            new Seed("robust-dpo", sub(
                    mul(c("AGREE_WEIGHT", (1 - RDPO_EPSILON) / (1 - 2 * RDPO_EPSILON)), softplus(neg(x()))),
                    mul(c("FLIP_WEIGHT", RDPO_EPSILON / (1 - 2 * RDPO_EPSILON)), softplus(x())))),
            new Seed("cdpo", add(
                    mul(c("AGREE_WEIGHT", 0.9), softplus(neg(x()))),
                    mul(c("FLIP_WEIGHT", 0.1), softplus(x())))),
            new Seed("ipo", square(sub(
                    sub(in(Input.H_W_PER_TOKEN), in(Input.H_L_PER_TOKEN)), in(Input.INV_TWO_BETA)))),
            new Seed("hinge", relu(sub(c("MARGIN", 1.0), x()))),
            new Seed("exo", add(
                    mul(sigmoid(x()), sub(logSigmoid(x()), c("LOG_ONE_MINUS_EPSILON", Math.log(1 - EXO_EPSILON)))),
                    mul(sigmoid(neg(x())), sub(logSigmoid(neg(x())), c("LOG_EPSILON", Math.log(EXO_EPSILON)))))),
            new Seed("nca", add(add(
                    softplus(neg(mul(in(Input.BETA), in(Input.H_W)))),
                    mul(c("HALF", 0.5), softplus(mul(in(Input.BETA), in(Input.H_W))))),
                    mul(c("HALF", 0.5), softplus(mul(in(Input.BETA), in(Input.H_L)))))),
            new Seed("bco", add(
                    softplus(neg(mul(in(Input.BETA), in(Input.H_W)))),
                    softplus(mul(in(Input.BETA), in(Input.H_L))))),
            new Seed("sppo-hard", add(
                    square(sub(in(Input.H_W), in(Input.INV_TWO_BETA))),
                    square(add(in(Input.H_L), in(Input.INV_TWO_BETA))))),
            new Seed("apo-zero", add(
                    sigmoid(neg(mul(in(Input.BETA), in(Input.H_W)))),
                    sigmoid(mul(in(Input.BETA), in(Input.H_L))))),
            new Seed("apo-down", add(
                    sigmoid(mul(in(Input.BETA), in(Input.H_W))),
                    sigmoid(neg(x())))),
            new Seed("cal-dpo", add(add(
                    softplus(neg(in(Input.RHO))),
                    square(sub(in(Input.H_W), in(Input.INV_TWO_BETA)))),
                    square(add(in(Input.H_L), in(Input.INV_TWO_BETA))))),
            new Seed("rpo", sub(
                    softplus(neg(x())),
                    mul(mul(c("ETA", 0.005), in(Input.BETA)), in(Input.A_W)))),
            new Seed("gpo", softplus(neg(mul(x(),
                    sub(mul(c("TWO", 2.0), in(Input.SOFT_LABEL)), c("ONE", 1.0)))))),
            new Seed("simpo", softplus(neg(sub(
                    mul(in(Input.BETA), sub(in(Input.A_W_PER_TOKEN), in(Input.A_L_PER_TOKEN))),
                    mul(c("GAMMA_OVER_BETA", 0.5), in(Input.BETA)))))),
            new Seed("cpo", add(
                    softplus(neg(mul(in(Input.BETA), sub(in(Input.A_W), in(Input.A_L))))),
                    mul(c("ALPHA", 1.0), neg(in(Input.A_W_PER_TOKEN))))),
            new Seed("lrml", gate(x(), positive("TAU", 0.05), exp(neg(x())), softplus(neg(x())))),
            new Seed("cell", add(
                    mul(c("LOGISTIC_WEIGHT", 0.5), softplus(neg(x()))),
                    mul(c("EXP_WEIGHT", 0.5), exp(neg(x()))))));

    private SeedLibrary() {
    }

    /** Every seed, in the order of LOSSES.md's tables. */
    public static List<Seed> all() {
        return ALL;
    }

    /** The seeds a task with these capabilities can train with. */
    public static List<Seed> available(Set<BatchInput> capabilities) {
        List<Seed> out = new ArrayList<>();
        for (Seed seed : ALL) {
            boolean fits = true;
            for (Input input : Trees.inputs(seed.tree())) {
                if (input.requires() != null && !capabilities.contains(input.requires())) {
                    fits = false;
                }
            }
            if (fits) {
                out.add(seed);
            }
        }
        return out;
    }

    /** The tree of a built-in loss, when the grammar can write it. */
    public static Optional<Node> tree(String builtinName) {
        for (Seed seed : ALL) {
            if (seed.name().equals(builtinName)) {
                return Optional.of(seed.tree());
            }
        }
        return Optional.empty();
    }
}
