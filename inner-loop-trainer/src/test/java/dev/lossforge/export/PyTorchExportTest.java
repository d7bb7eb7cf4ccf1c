package dev.lossforge.export;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.BuiltinLoss;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.loss.LossProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PyTorchExportTest {

    static final PyTorchExport EXPORT = new PyTorchExport();
    static final List<String> FOUR = List.of("policy_chosen_logps", "policy_rejected_logps", "reference_chosen_logps",
            "reference_rejected_logps");

    @Test
    void everyBuiltinHasDiscoPopsSignatureAndUsesEachConstantOfItsJavaClass() {
        for (BuiltinLoss loss : BuiltinLosses.all()) {
            String python = EXPORT.builtin(loss, null).python();
            assertThat(python).as(loss.name()).contains("""
                    import torch
                    import torch.nn.functional as F


                    def loss(
                        policy_chosen_logps: torch.FloatTensor,
                        policy_rejected_logps: torch.FloatTensor,
                        reference_chosen_logps: torch.FloatTensor,
                        reference_rejected_logps: torch.FloatTensor,
                        beta: float,
                    """).contains("    return ");
            for (var constant : PyTorchExport.constants(loss).entrySet()) {
                String name = constant.getKey();
                assertThat(python).as(loss.name() + " defines " + name)
                        .contains("    " + name + " = " + PyTorchExport.python(constant.getValue()) + "\n");
                Matcher uses = Pattern.compile("\\b" + name + "\\b").matcher(python);
                int count = 0;
                while (uses.find()) {
                    count++;
                }
                assertThat(count).as(loss.name() + " uses " + name).isGreaterThanOrEqualTo(2);
            }
        }
        assertThat(PyTorchExport.constants(BuiltinLosses.get("lrml"))).containsExactly(
                org.assertj.core.api.Assertions.entry("TAU", 0.05));
    }

    @Test
    void extraInputsAreKeywordArgumentsAndRequiredOnesAreChecked() {
        String ipo = EXPORT.builtin(BuiltinLosses.get("ipo"), null).python();
        assertThat(ipo).contains("""
                    beta: float,
                    chosen_lengths: torch.FloatTensor = None,
                    rejected_lengths: torch.FloatTensor = None,
                ) -> torch.FloatTensor:
                """).contains("""
                    if chosen_lengths is None or rejected_lengths is None:
                        raise ValueError("ipo needs chosen_lengths and rejected_lengths")
                """).doesNotContain("discopop_loss");
        String ddoRm = EXPORT.builtin(BuiltinLosses.get("ddo-rm"), null).python();
        assertThat(ddoRm).contains("reward_chosen: torch.FloatTensor = None,\n    reward_rejected: torch.FloatTensor = None,")
                .contains("raise ValueError(\"ddo-rm needs chosen_lengths, rejected_lengths, reward_chosen and "
                        + "reward_rejected\")");
        String gpo = EXPORT.builtin(BuiltinLosses.get("gpo"), null).python();
        assertThat(gpo).contains("    soft_label: torch.FloatTensor = None,\n").doesNotContain("raise")
                .contains("def discopop_loss(\n    self,\n");
    }

    @Test
    void aBuiltinIsRecognisedByItsSourceWhateverItsLineEndings() throws Exception {
        CandidateInfo info = ExportFixtures.info(12, "baseline lrml");
        String windows = BuiltinLosses.get("lrml").source().replace("\n", "  \r\n");
        PythonExport export = EXPORT.export(info, windows, null);
        assertThat(export.origin()).isEqualTo(PythonExport.Origin.BUILTIN);
        assertThat(export.builtin()).isEqualTo("lrml");
        assertThat(export.python()).startsWith("\"\"\"LossForge export: baseline lrml (built-in loss 'lrml').\n\n")
                .contains("Candidate 12 of campaign 7 (noisy bandit), proposer llm.\nCode hash: c0de12\n"
                        + "Hypothesis: a steeper logistic loss learns faster on noisy pairs\n");
        for (BuiltinLoss loss : BuiltinLosses.all()) {
            assertThat(EXPORT.recognise(loss.source())).as(loss.name()).contains(loss);
        }
    }

    @Test
    void arbitraryJavaIsNotTranslatable() {
        String changedConstant = BuiltinLosses.get("cdpo").source().replace("EPSILON = 0.1", "EPSILON = 0.2");
        for (String code : List.of(ExportFixtures.source("ScaledDpo.java"), changedConstant, "")) {
            assertThat(EXPORT.translatable(code, null)).isFalse();
            assertThatThrownBy(() -> EXPORT.export(CandidateInfo.named("mine"), code, null))
                    .isInstanceOf(NotTranslatableException.class)
                    .hasMessage("candidate 'mine' has no PyTorch translation: only the built-in losses and losses "
                            + "from the evolutionary proposer translate mechanically; its Java source is in the JAR "
                            + "export");
        }
    }

    @Test
    void aLossThatRendersItselfIsExportedAsRenderedWithAHeader() throws Exception {
        PythonRenderable rendered = () -> RENDERED_DPO;
        // the rendering wins even over a recognisable built-in source
        PythonExport export = EXPORT.export(ExportFixtures.info(9, "gated-exp-7f3a"),
                BuiltinLosses.get("dpo").source(), rendered);
        assertThat(export.origin()).isEqualTo(PythonExport.Origin.RENDERED);
        assertThat(export.builtin()).isNull();
        assertThat(export.python()).isEqualTo("# LossForge export: gated-exp-7f3a\n"
                + "# Candidate 9 of campaign 7 (noisy bandit), proposer llm.\n# Code hash: c0de9\n"
                + "# Hypothesis: a steeper logistic loss learns faster on noisy pairs\n\n" + RENDERED_DPO);
        assertThat(EXPORT.translatable("class Anything {}", rendered)).isTrue();
        assertThatThrownBy(() -> EXPORT.export(CandidateInfo.named("x"), "", () -> "def other(a):\n    return a\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the rendered Python defines no top-level function 'loss'");
    }

    /** DPO as the evolutionary proposer's renderer writes it. */
    static final String RENDERED_DPO = """
            import torch
            import torch.nn.functional as F


            def loss(
                policy_chosen_logps: torch.FloatTensor,
                policy_rejected_logps: torch.FloatTensor,
                reference_chosen_logps: torch.FloatTensor,
                reference_rejected_logps: torch.FloatTensor,
                beta: float,
            ) -> torch.FloatTensor:
                pi_logratios = policy_chosen_logps - policy_rejected_logps
                ref_logratios = reference_chosen_logps - reference_rejected_logps
                logits = pi_logratios - ref_logratios
                return F.softplus((-(beta * logits)))
            """;

    // ---------------------------------------------------------------------------------------------
    // running the Python

    /**
     * β = 0.1 puts the batch-statistics losses where one branch dominates (dbaql's exponential
     * branch weighs e^−20 there); β = 0.01 narrows the batch so that both branches count.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.01})
    void everyExportParsesRunsOnAShimOfTorchAndComputesWhatTheJavaLossComputes(double beta, @TempDir Path dir)
            throws Exception {
        String python3 = python3();
        assumeTrue(python3 != null, "python3 is not on this machine: the exported Python is not run");
        for (String file : List.of("torch/__init__.py", "torch/nn/__init__.py", "torch/nn/functional.py",
                "run_exports.py")) {
            Path target = dir.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = getClass().getResourceAsStream("/export/torchshim/" + file)) {
                Files.copy(in, target);
            }
        }
        BatchValues batch = ExportFixtures.batch(beta);
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode request = mapper.createObjectNode();
        ObjectNode b = request.putObject("batch");
        put(b, "policy_chosen_logps", batch.policyChosenLogps());
        put(b, "policy_rejected_logps", batch.policyRejectedLogps());
        put(b, "reference_chosen_logps", batch.referenceChosenLogps());
        put(b, "reference_rejected_logps", batch.referenceRejectedLogps());
        put(b, "chosen_lengths", batch.chosenLengths());
        put(b, "rejected_lengths", batch.rejectedLengths());
        put(b, "soft_label", batch.softLabel());
        put(b, "reward_chosen", batch.rewardChosen());
        put(b, "reward_rejected", batch.rewardRejected());
        b.put("beta", batch.beta());
        ObjectNode modules = request.putObject("modules");
        List<String> all = new ArrayList<>();
        for (BuiltinLoss loss : BuiltinLosses.all()) {
            Path module = dir.resolve(loss.name().replace('-', '_') + ".py");
            Files.writeString(module, EXPORT.builtin(loss, ExportFixtures.info(1, loss.name())).python());
            modules.put(loss.name(), module.toString());
            all.add(module.toString());
        }
        Path rendered = dir.resolve("rendered.py");
        Files.writeString(rendered, EXPORT.rendered(CandidateInfo.named("rendered"), () -> RENDERED_DPO).python());
        modules.put("rendered", rendered.toString());
        all.add(rendered.toString());
        Path requestFile = Files.writeString(dir.resolve("request.json"), mapper.writeValueAsString(request));

        // syntax first, with the standard library only: every module parses
        List<String> parse = new ArrayList<>(List.of(python3, "-c", "import ast, sys\n"
                + "for f in sys.argv[1:]:\n    ast.parse(open(f, encoding='utf-8').read(), f)\nprint(len(sys.argv) - 1)"));
        parse.addAll(all);
        assertThat(run(dir, parse).strip()).isEqualTo("26");

        JsonNode results = mapper.readTree(run(dir, List.of(python3, "run_exports.py", requestFile.toString())));
        for (BuiltinLoss loss : BuiltinLosses.all()) {
            JsonNode result = results.get(loss.name());
            String name = loss.name();
            List<String> params = new ArrayList<>();
            result.get("params").forEach(p -> params.add(p.get("name").asString()));
            assertThat(params.subList(0, 5)).as(name).containsExactly(FOUR.get(0), FOUR.get(1), FOUR.get(2),
                    FOUR.get(3), "beta");
            for (int i = 0; i < result.get("params").size(); i++) {
                JsonNode p = result.get("params").get(i);
                assertThat(p.get("kind").asString()).isEqualTo("POSITIONAL_OR_KEYWORD");
                assertThat(p.get("default").asString()).as(name + " " + p.get("name"))
                        .isEqualTo(i < 5 ? "<none>" : "None");
            }

            double[] expected = LossProbe.probe(loss.newInstance(), batch).losses();
            assertClose(name, result.get("values"), expected);

            // without soft labels GPO is DPO: the Java loss on the batch without them
            BatchValues noLabels = new BatchValues(batch.policyChosenLogps(), batch.policyRejectedLogps(),
                    batch.referenceChosenLogps(), batch.referenceRejectedLogps(), batch.chosenLengths(),
                    batch.rejectedLengths(), null, batch.rewardChosen(), batch.rewardRejected(), batch.beta());
            double[] withoutLabels = LossProbe.probe(loss.newInstance(), noLabels).losses();
            JsonNode without = result.get("without");
            for (String extra : params.subList(5, params.size())) {
                JsonNode outcome = without.get(extra);
                if (name.equals("gpo")) {
                    assertClose(name + " without " + extra, outcome.get("values"), withoutLabels);
                } else if (name.equals("cpo") && extra.equals("rejected_lengths")) {
                    assertClose(name + " without " + extra, outcome.get("values"), expected);
                } else {
                    assertThat(outcome.has("error")).as(name + " without " + extra + ": " + outcome).isTrue();
                    assertThat(outcome.get("error").asString()).startsWith(name + " needs ").contains(extra);
                }
            }
            if (result.has("discopop")) {
                // DiscoPOP's method passes the four log-probabilities only: no soft labels
                assertClose(name + " discopop_loss", result.get("discopop"), withoutLabels);
            }
            assertThat(result.has("discopop")).as(name + " has discopop_loss")
                    .isEqualTo(without.isEmpty() || name.equals("gpo"));
        }
        assertClose("rendered", results.get("rendered").get("values"),
                LossProbe.probe(BuiltinLosses.get("dpo").newInstance(), batch).losses());
    }

    private static void put(ObjectNode node, String field, double[] values) {
        var array = node.putArray(field);
        for (double v : values) {
            array.add(v);
        }
    }

    /**
     * Both sides compute in float64 with the same formulas (on these batches they agree to 1e-15);
     * 1e-12 relative leaves room for another machine's libm against libtorch's kernels, and is
     * still far below what a wrong constant or term changes.
     */
    private static void assertClose(String what, JsonNode actual, double[] expected) {
        assertThat(actual.size()).as(what).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-12 * Math.max(1.0, Math.abs(expected[i]));
            assertThat(actual.get(i).asDouble()).as(what + " pair " + i)
                    .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(tolerance));
        }
    }

    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
        // the outputs are small: read them after the process ends
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("python did not finish in 60 s: " + command);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(err).isZero();
        return out;
    }

    static String python3() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(d, "python3");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
