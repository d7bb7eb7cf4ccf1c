package dev.lossforge.service.proposer.evolution;

import dev.lossforge.task.BatchInput;
import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.MissingInputException;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.loss.ProbeResult;
import dev.lossforge.sandbox.LossRejectedException;
import dev.lossforge.sandbox.LossValidator;
import dev.lossforge.sandbox.ValidatedLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class JavaRendererTest {

    static Stream<SeedLibrary.Seed> seeds() {
        return SeedLibrary.all().stream();
    }

    private static final EvolutionEngine ENGINE =
            new EvolutionEngine(EvolutionConfig.defaults(1).withCapabilities(EnumSet.allOf(BatchInput.class)));

    private static String render(Node tree, Origin origin) {
        return ENGINE.describe(tree, origin).javaSource();
    }

    private static final LossValidator SANDBOX = new LossValidator();

    /** The sandbox's verdict: compiled, smoke-tested and fingerprinted, as the service does with every candidate. */
    static ValidatedLoss validate(Proposal proposal) {
        try {
            return SANDBOX.validate(proposal.javaSource());
        } catch (LossRejectedException e) {
            throw new AssertionError("the sandbox rejects " + proposal.name() + ": " + e.getMessage() + "\n"
                    + proposal.javaSource(), e);
        }
    }

    /**
     * Validates the rendered source in the sandbox and checks LossProbe's values and gradients of
     * the compiled class against the tree's own doubles.
     */
    private static void compilesAndAgrees(Node tree, Origin origin, long seed) {
        Proposal proposal = ENGINE.describe(tree, origin);
        ValidatedLoss validated = validate(proposal);
        assertThat(validated.loss().simpleName()).isEqualTo(proposal.className());
        assertThat(validated.loss().constants()).hasSize(Trees.constants(tree).size());
        PreferenceLoss loss = validated.loss().newInstance();
        for (long s = seed; s < seed + 2; s++) {
            BatchValues batch = TestBatches.random(s, 16, 8, 0.1 + 0.2 * (s % 3), true);
            ProbeResult probe = LossProbe.probe(loss, batch);
            for (int i = 0; i < batch.size(); i++) {
                double[] expected = TreeEvaluator.withGradient(tree, PairInputs.of(batch, i));
                String where = proposal.name() + " pair " + i + "\n" + proposal.javaSource();
                assertThat(probe.losses()[i]).as(where).isCloseTo(expected[0], within(1e-9 * (1 + Math.abs(expected[0]))));
                assertThat(probe.gradPolicyChosen()[i]).as(where)
                        .isCloseTo(expected[1], within(1e-9 * (1 + Math.abs(expected[1]))));
                assertThat(probe.gradPolicyRejected()[i]).as(where)
                        .isCloseTo(expected[2], within(1e-9 * (1 + Math.abs(expected[2]))));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everySeedRendersPassesTheSandboxAndComputesTheTree(SeedLibrary.Seed seed) {
        compilesAndAgrees(seed.tree(), Origin.seed(seed.name()), 21);
    }

    @Test
    void evolvedTreesRenderPassTheSandboxAndComputeTheTree() {
        // trees the engine would propose: random growth and variation, simplified, passing the rules
        EvolutionConfig config = EvolutionConfig.defaults(1).withCapabilities(EnumSet.allOf(BatchInput.class));
        Variation variation = new Variation(config);
        SplittableRandom random = new SplittableRandom(8);
        int rendered = 0;
        while (rendered < 25) {
            Node tree = Simplifier.simplify(variation.randomTree(random, 2 + random.nextInt(5)));
            if (ENGINE.violation(tree).isPresent()) {
                continue;
            }
            compilesAndAgrees(tree, Origin.of(Operator.RANDOM, List.of()), 100 + rendered);
            rendered++;
        }
    }

    private static final List<String> FORBIDDEN = List.of("\\bfor\\s*\\(", "\\bwhile\\s*\\(", "->", "::", "\\bvar\\s",
            "\\btry\\b", "\\bswitch\\b", "\\bnew\\s+(?!MissingInputException)", "\\bstatic\\s*\\{", "System", "\\bclass\\b.*\\bclass\\b");

    @ParameterizedTest
    @MethodSource("seeds")
    void sourcesStayInsideTheSandboxSubset(SeedLibrary.Seed seed) {
        String source = render(seed.tree(), Origin.seed(seed.name()));
        String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("\"[^\"]*\"", "\"\"");
        for (String pattern : FORBIDDEN) {
            assertThat(Pattern.compile(pattern, Pattern.DOTALL).matcher(code).find()).as(pattern + " in\n" + source).isFalse();
        }
        Matcher imports = Pattern.compile("^import\\s+([\\w.]+);", Pattern.MULTILINE).matcher(code);
        while (imports.find()) {
            assertThat(imports.group(1)).matches("ai\\.djl\\.ndarray\\.NDArray|dev\\.lossforge\\.loss\\.[A-Z]\\w*");
        }
        // fields are the tree's constants, public static final double, with their exact values
        Matcher fields = Pattern.compile("^ {4}(\\S[^\\n(]*);$", Pattern.MULTILINE).matcher(code);
        List<String> declared = new ArrayList<>();
        while (fields.find()) {
            assertThat(fields.group(1)).matches("public static final double [A-Z][A-Z0-9_]* = .+");
            declared.add(fields.group(1));
        }
        List<ConstNode> constants = Trees.constants(seed.tree());
        assertThat(declared).hasSize(constants.size());
        for (ConstNode constant : constants) {
            assertThat(declared).contains("public static final double " + constant.name() + " = " + constant.value());
        }
        assertThat(source).contains("public final class " + Naming.className(seed.name() + "-seed") + " implements PreferenceLoss");
    }

    @Test
    void theJavadocCarriesTheFormulaAndTheHypothesis() {
        Proposal lrml = ENGINE.describe(SeedLibrary.tree("lrml").orElseThrow(), Origin.seed("lrml"));
        assertThat(lrml.javaSource())
                .contains(" * loss = σ(βρ/TAU)·exp(−βρ) + (1 − σ(βρ/TAU))·softplus(−βρ)")
                .contains("exp(z) stands for exp(clamp(z, −20, 20))")
                .contains(" * lrml-seed: The built-in loss lrml as a tree")
                .contains("public static final double TAU = 0.05;")
                .contains("NDArray gate1 = betaRho.div(TAU);");
    }

    @Test
    void aLossReadingSoftLabelsRejectsABatchWithoutThem() {
        Node gpo = SeedLibrary.tree("gpo").orElseThrow();
        Proposal proposal = ENGINE.describe(gpo, Origin.seed("gpo"));
        ValidatedLoss validated = validate(proposal);
        assertThat(validated.needsSoftLabels()).isTrue();
        PreferenceLoss loss = validated.loss().newInstance();
        assertThatThrownBy(() -> LossProbe.probe(loss, TestBatches.random(1, 4, 5, 0.1, false)))
                .isInstanceOf(MissingInputException.class).hasMessageContaining("soft labels");
    }
}
