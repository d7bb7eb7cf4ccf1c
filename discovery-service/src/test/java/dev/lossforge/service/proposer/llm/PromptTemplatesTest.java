package dev.lossforge.service.proposer.llm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTemplatesTest {

    private static final List<String> TASKS = List.of("bandit", "tinylm-sentiment", "hh-rlhf", "jsonl");

    @Test
    void placeholdersAreFilledInOnePass() {
        String out = TemplateEngine.render("t.md", "a {{x}} b {{ y }} c {{x}}", Map.of("x", "{{y}}", "y", "2"));

        assertThat(out).isEqualTo("a {{y}} b 2 c {{y}}");
    }

    @Test
    void aPlaceholderWithoutAValueFailsNamingTheTemplateAndThePlaceholder() {
        assertThatThrownBy(() -> TemplateEngine.render("feedback.md", "{{best}} and {{recnet}} and {{other}}",
                Map.of("best", "b", "recent", "r")))
                .isInstanceOf(PromptTemplateException.class)
                .hasMessageContaining("prompt template feedback.md uses {{recnet}}, {{other}}")
                .hasMessageContaining("values available: best, recent");
    }

    @Test
    void textThatOnlyLooksLikeBracesIsLeftAlone() {
        assertThat(TemplateEngine.render("t.md", "{\"code\": \"{ }\"} {{ 1x }}", Map.of())).isEqualTo("{\"code\": \"{ }\"} {{ 1x }}");
    }

    @Test
    void theFolderWinsOverThePackagedCopyFileByFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("repair.md"), "custom {{error}}");
        PromptLibrary library = new PromptLibrary(dir);

        PromptTemplate repair = library.read("repair.md");
        PromptTemplate system = library.read("system.md");

        assertThat(repair.text()).isEqualTo("custom {{error}}");
        assertThat(repair.origin()).isEqualTo(dir.resolve("repair.md").toString());
        assertThat(system.origin()).isEqualTo("classpath:lossforge/prompts/system.md");
        assertThat(system.text()).contains("# The Java contract");
    }

    @Test
    void aMissingFolderFallsBackToThePackagedCopies() {
        PromptLibrary library = new PromptLibrary(Path.of("no-such-folder"));

        for (String task : TASKS) {
            assertThat(library.read(PromptLibrary.taskFile(task)).origin()).startsWith("classpath:");
        }
    }

    @Test
    void aMissingTemplateIsAClearError() {
        assertThatThrownBy(() -> new PromptLibrary(Path.of("no-such-folder")).read("task-nothing.md"))
                .isInstanceOf(PromptTemplateException.class)
                .hasMessageContaining("prompt template task-nothing.md is missing");
        assertThatThrownBy(() -> new PromptLibrary(Path.of(".")).read("../pom.xml"))
                .isInstanceOf(PromptTemplateException.class)
                .hasMessageContaining("not a prompt template name");
    }

    @Test
    void theBuildPackagesThePromptsFolderAsItIs() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(LlmProposerTest.PROMPTS)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(p -> !p.getFileName().toString().equals("README.md")).sorted().toList();
        }
        assertThat(files).hasSize(9);
        for (Path file : files) {
            String resource = PromptLibrary.CLASSPATH_FOLDER + file.getFileName();
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
                assertThat(in).as("packaged copy of " + file.getFileName()).isNotNull();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .as(file.getFileName() + ": the build packages prompts/ as it is (discovery-service/pom.xml)")
                        .isEqualTo(Files.readString(file));
            }
        }
    }

    @Test
    void everyTaskHasADescriptionThatRendersWithTheRequestValues() {
        PromptLibrary library = new PromptLibrary(LlmProposerTest.PROMPTS);
        PromptBuilder builder = new PromptBuilder(new TokenEstimator(), ContextLimits.defaults(), ExampleLoss::dpo);
        for (String task : TASKS) {
            ProposalRequest request = new ProposalRequest("c", task + ":v", Map.of("steps", 300), 0.05, "metric",
                    List.of(), null);

            RenderedPrompt prompt = builder.build(PromptSet.load(library, task), request);

            assertThat(prompt.user()).as(task).startsWith("# The task: " + task + ":v").contains("beta = 0.05; steps = 300");
        }
    }

    @Test
    void theHashChangesWithAnyTemplateAndNotWithoutOne() {
        PromptTemplate a = new PromptTemplate("a.md", "x", "o");
        PromptTemplate b = new PromptTemplate("b.md", "y", "o");

        String hash = PromptSet.hash(List.of(a, b));

        assertThat(hash).matches("[0-9a-f]{64}").isEqualTo(PromptSet.hash(List.of(a, new PromptTemplate("b.md", "y", "other"))));
        assertThat(PromptSet.hash(List.of(a, new PromptTemplate("b.md", "y ", "o")))).isNotEqualTo(hash);
        // moving text across the file boundary changes it too
        assertThat(PromptSet.hash(List.of(new PromptTemplate("a.md", "xy", "o"), new PromptTemplate("b.md", "", "o"))))
                .isNotEqualTo(hash);
    }

    @Test
    void everyJavaExampleOfTheRenderedSystemPromptPassesTheSandbox() throws IOException {
        PromptLibrary library = new PromptLibrary(LlmProposerTest.PROMPTS);
        PromptBuilder builder = new PromptBuilder(new TokenEstimator(), ContextLimits.defaults(), ExampleLoss::dpo);
        String system = builder.build(PromptSet.load(library, "bandit"),
                new ProposalRequest("c", "bandit:clean", Map.of(), 0.1, "m", List.of(), null)).system();

        List<String> blocks = javaBlocks(system);
        // the PreferenceLoss interface itself, then DPO, then the example with constants and an optional input
        assertThat(blocks).hasSize(3);
        assertThat(blocks.get(0)).startsWith("public interface PreferenceLoss");
        assertThat(blocks.get(1)).isEqualTo(ExampleLoss.dpo());
        assertThat(blocks.get(2)).contains("private static final double MARGIN").contains("MissingInputException");
        for (String example : blocks.subList(1, blocks.size())) {
            assertThat(new SandboxCodeValidator().validate(example)).as(example).isInstanceOf(CodeVerdict.Accepted.class);
        }
    }

    @Test
    void theSystemPromptStatesTheCurrentSandboxRules() throws IOException {
        String system = Files.readString(LlmProposerTest.PROMPTS.resolve("system.md"));

        assertThat(system).contains("`reshape`", "`concat`", "`stack`", "`matMul`", "`expandDims`",
                "`batch.manager().create(0.5)` (one number)", "No `String`, `StringBuilder` or `Object` variables",
                "at most 200", "No generic methods", "at most 2000 operations", "No loops", "no recursion",
                "lambdas", "`var`", "No `try`/`catch`/`finally`", "private static final double TAU", "`MissingInputException`");
        // the old rule that allowed StringBuilder in losses is gone
        assertThat(system).doesNotContain("`String`, `StringBuilder`, the boxed numbers");
    }

    /** Each NDArray method the system prompt recommends is one the sandbox lets a loss call. */
    @Test
    void theRecommendedNdArrayMethodsAreAllowedBySandbox() {
        String everyRecommendedMethod = """
                import ai.djl.ndarray.NDArray;
                import ai.djl.ndarray.NDArrays;
                import dev.lossforge.loss.Ops;
                import dev.lossforge.loss.PreferenceBatch;
                import dev.lossforge.loss.PreferenceLoss;

                public class EveryMethod implements PreferenceLoss {
                    @Override
                    public NDArray compute(PreferenceBatch batch) {
                        NDArray a = Ops.logRatioDifference(batch).mul(batch.beta()).add(1.0).sub(0.5).div(2.0);
                        NDArray b = a.abs().add(1.0).pow(2.0).sqrt().log();
                        NDArray c = a.maximum(-20.0).minimum(20.0).exp().neg().square();
                        NDArray d = a.tanh().sign().erf().clip(-1.0, 1.0);
                        NDArray e = a.zerosLike().add(a.onesLike()).mul(a.stopGradient());
                        NDArray f = NDArrays.where(a.gt(0.0), b, NDArrays.where(a.lt(-1.0), c,
                                NDArrays.where(a.gte(2.0), d, NDArrays.where(a.lte(-2.0), e,
                                        NDArrays.where(a.eq(0.0), b, a)))));
                        NDArray stats = a.mean().add(a.sum()).add(a.max()).sub(a.min());
                        NDArray scalar = batch.manager().create(0.001);
                        return Ops.softplus(a.neg()).add(f.add(stats).mul(scalar).tanh().mul(0.01))
                                .add(Ops.sigmoid(a).mul(0.0)).add(Ops.logSigmoid(a).mul(0.0)).add(Ops.relu(a).mul(0.0))
                                .add(Ops.hinge(a).mul(0.0)).add(Ops.chosenLogRatio(batch).mul(0.0))
                                .add(Ops.rejectedLogRatio(batch).mul(0.0));
                    }
                }
                """;

        CodeVerdict verdict = new SandboxCodeValidator().validate(everyRecommendedMethod);

        assertThat(verdict).as(verdict.toString()).isInstanceOf(CodeVerdict.Accepted.class);
    }

    private static List<String> javaBlocks(String markdown) {
        List<String> blocks = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("```java\n(.*?)\n```", java.util.regex.Pattern.DOTALL)
                .matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1).strip());
        }
        return blocks;
    }

    @Test
    void theSystemPromptsExampleIsTheBuiltInDpoAndPassesTheSandbox() {
        String example = ExampleLoss.dpo();

        assertThat(example).startsWith("import ai.djl.ndarray.NDArray;").contains("class DpoLoss implements PreferenceLoss");
        assertThat(new SandboxCodeValidator().validate(example)).isInstanceOf(CodeVerdict.Accepted.class);
    }
}
