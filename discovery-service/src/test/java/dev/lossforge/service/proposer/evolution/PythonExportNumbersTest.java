package dev.lossforge.service.proposer.evolution;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.task.BatchInput;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The exported Python computes what the tree computes: every seed and 60 evolved trees are run
 * in Python (on a plain-float stand-in for the few torch functions the renderer uses, under
 * {@code src/test/resources/evolution/torchshim}) and compared with {@link TreeEvaluator}'s
 * doubles on the same batch, optional inputs included.
 */
class PythonExportNumbersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theExportedPythonAgreesWithTheTreeOnEveryPair() throws Exception {
        String python3 = python3();
        assumeTrue(python3 != null, "python3 is not on this machine: the exported Python is not run");
        EvolutionEngine engine = new EvolutionEngine(EvolutionConfig.defaults(5).withCapabilities(EnumSet.allOf(BatchInput.class)));
        List<Node> trees = new ArrayList<>();
        for (SeedLibrary.Seed seed : SeedLibrary.all()) {
            trees.add(seed.tree());
        }
        Variation variation = new Variation(engine.config());
        SplittableRandom random = new SplittableRandom(17);
        while (trees.size() < SeedLibrary.all().size() + 60) {
            Node tree = Simplifier.simplify(variation.randomTree(random, 2 + random.nextInt(4)));
            if (engine.violation(tree).isEmpty()) {
                trees.add(tree);
            }
        }
        StringBuilder module = new StringBuilder();
        for (int i = 0; i < trees.size(); i++) {
            module.append(PythonRenderer.render(trees.get(i), "loss_" + i, "tree " + i)).append("\n\n");
        }
        BatchValues batch = TestBatches.random(3, 12, 4.0, 0.2, true);

        Path dir = Files.createTempDirectory("evolved-python");
        try {
            for (String file : List.of("run_losses.py", "torch/__init__.py", "torch/nn/__init__.py", "torch/nn/functional.py")) {
                Path target = dir.resolve(file);
                Files.createDirectories(target.getParent());
                try (InputStream in = getClass().getResourceAsStream("/evolution/torchshim/" + file)) {
                    Files.copy(in, target);
                }
            }
            Files.writeString(dir.resolve("evolved.py"), module, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("batch.json"), JSON.writeValueAsString(json(batch)), StandardCharsets.UTF_8);
            JsonNode results = JSON.readTree(run(dir, python3));

            for (int i = 0; i < trees.size(); i++) {
                double[] expected = TreeEvaluator.values(trees.get(i), batch);
                JsonNode actual = results.get("loss_" + i);
                assertThat(actual).as("loss_%d = %s", i, MathFormatter.format(trees.get(i))).isNotNull();
                assertThat(actual.size()).isEqualTo(batch.size());
                for (int k = 0; k < expected.length; k++) {
                    assertThat(actual.get(k).asDouble()).as("loss_%d pair %d: %s", i, k, MathFormatter.format(trees.get(i)))
                            .isCloseTo(expected[k], within(1e-9 * Math.max(1, Math.abs(expected[k]))));
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Map<String, Object> json(BatchValues b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policy_chosen_logps", b.policyChosenLogps());
        out.put("policy_rejected_logps", b.policyRejectedLogps());
        out.put("reference_chosen_logps", b.referenceChosenLogps());
        out.put("reference_rejected_logps", b.referenceRejectedLogps());
        out.put("chosen_lengths", b.chosenLengths());
        out.put("rejected_lengths", b.rejectedLengths());
        out.put("soft_label", b.softLabel());
        out.put("reward_chosen", b.rewardChosen());
        out.put("reward_rejected", b.rewardRejected());
        out.put("beta", b.beta());
        return out;
    }

    private static String run(Path dir, String python3) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(python3, "run_losses.py", "evolved.py", "batch.json")
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        return out;
    }

    private static String python3() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(d, "python3");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
