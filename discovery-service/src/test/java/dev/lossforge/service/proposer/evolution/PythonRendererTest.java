package dev.lossforge.service.proposer.evolution;

import dev.lossforge.export.CandidateInfo;
import dev.lossforge.export.PyTorchExport;
import dev.lossforge.export.PythonExport;
import dev.lossforge.task.BatchInput;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PythonRendererTest {

    private static final EvolutionEngine ENGINE =
            new EvolutionEngine(EvolutionConfig.defaults(1).withCapabilities(EnumSet.allOf(BatchInput.class)));

    @Test
    void hasDiscoPopsSignatureAndReturnsPerExampleLosses() {
        String python = ENGINE.describe(SeedLibrary.tree("lrml").orElseThrow(), Origin.seed("lrml")).pythonSource();
        assertThat(python).startsWith("import torch\nimport torch.nn.functional as F\n\n\ndef loss(\n"
                + "    policy_chosen_logps: torch.FloatTensor,\n"
                + "    policy_rejected_logps: torch.FloatTensor,\n"
                + "    reference_chosen_logps: torch.FloatTensor,\n"
                + "    reference_rejected_logps: torch.FloatTensor,\n"
                + "    beta: float,\n) -> torch.FloatTensor:\n");
        assertThat(python).contains("    TAU = 0.05\n")
                .contains("    logits = pi_logratios - ref_logratios\n")
                .contains("    gate1 = (beta * logits) / TAU\n")
                .contains("torch.exp(torch.clamp((-(beta * logits)), -20.0, 20.0))")
                .contains("F.softplus((-(beta * logits)))")
                .contains("exp(z) is exp(clamp(z, -20, 20))")
                .contains("    return ");
        assertThat(ENGINE.describe(SeedLibrary.tree("dpo").orElseThrow(), Origin.seed("dpo")).pythonSource())
                .doesNotContain("exp(z)").contains("    return F.softplus((-(beta * logits)))\n");
    }

    @Test
    void aProposalIsAPythonRenderableThatPyTorchExportTakesAsItIs() throws Exception {
        Proposal cell = ENGINE.describe(Build.mul(Build.c("K", 3), Build.softplus(Build.neg(Build.x()))),
                Origin.of(Operator.RANDOM, List.of()));
        assertThat(cell.pythonSource()).contains("    K = 3.0\n").contains("def loss(")
                .contains("\"\"\"" + cell.name() + ": " + cell.hypothesis());
        PythonExport export = new PyTorchExport().export(CandidateInfo.named(cell.name()), cell.javaSource(), cell);
        assertThat(export.origin()).isEqualTo(PythonExport.Origin.RENDERED);
        assertThat(export.python()).startsWith("# LossForge export: " + cell.name() + "\n").endsWith(cell.pythonSource());
    }

    @Test
    void extraInputsBecomeCheckedKeywordArguments() {
        String ipo = ENGINE.describe(SeedLibrary.tree("ipo").orElseThrow(), Origin.seed("ipo")).pythonSource();
        assertThat(ipo).contains("    chosen_lengths: torch.FloatTensor = None,\n    rejected_lengths: torch.FloatTensor = None,\n")
                .contains("    if chosen_lengths is None:\n        raise ValueError(\"this loss needs chosen_lengths\")\n")
                .contains("half_inverse_beta = 1.0 / (2.0 * beta)");
        String gpo = ENGINE.describe(SeedLibrary.tree("gpo").orElseThrow(), Origin.seed("gpo")).pythonSource();
        assertThat(gpo).contains("soft_label: torch.FloatTensor = None").doesNotContain("chosen_lengths");
        String exo = ENGINE.describe(SeedLibrary.tree("exo").orElseThrow(), Origin.seed("exo")).pythonSource();
        assertThat(exo).contains("    LOG_EPSILON = -6.907755278982137\n");
        assertThat(PythonRenderer.pythonNumber(1e-3)).isEqualTo("0.001");
        assertThat(PythonRenderer.pythonNumber(1e-7)).isEqualTo("1.0e-7");
    }

    @Test
    void everySeedAndEvolvedTreeParsesAsPython() throws Exception {
        assumeTrue(python3() != null, "python3 is not on this machine");
        StringBuilder module = new StringBuilder();
        int count = 0;
        for (SeedLibrary.Seed seed : SeedLibrary.all()) {
            module.append(PythonRenderer.render(seed.tree(), "loss_" + count++, seed.name())).append("\n\n");
        }
        Variation variation = new Variation(ENGINE.config());
        SplittableRandom random = new SplittableRandom(2);
        while (count < 60) {
            Node tree = Simplifier.simplify(variation.randomTree(random, 5));
            if (ENGINE.violation(tree).isEmpty()) {
                module.append(PythonRenderer.render(tree, "loss_" + count++, "random")).append("\n\n");
            }
        }
        Path file = Files.createTempFile("evolved-losses", ".py");
        try {
            Files.writeString(file, module.toString(), StandardCharsets.UTF_8);
            // parses the module and counts its functions: syntax only, torch is not imported
            Process process = new ProcessBuilder(python3(), "-c",
                    "import ast, sys; tree = ast.parse(open(sys.argv[1], encoding='utf-8').read());"
                            + " print(sum(isinstance(n, ast.FunctionDef) for n in tree.body))", file.toString())
                    .redirectErrorStream(true).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).isEqualTo("60");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String python3() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "python3");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
