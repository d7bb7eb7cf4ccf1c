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
    void thePackagedCopiesAreTheFilesOfThePromptsFolder() throws IOException {
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
                        .as(file.getFileName() + ": copy prompts/ to discovery-service/src/main/resources/lossforge/prompts/")
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
    void theSystemPromptsExampleIsTheBuiltInDpoAndPassesTheSandbox() {
        String example = ExampleLoss.dpo();

        assertThat(example).startsWith("import ai.djl.ndarray.NDArray;").contains("class DpoLoss implements PreferenceLoss");
        assertThat(new SandboxCodeValidator().validate(example)).isInstanceOf(CodeVerdict.Accepted.class);
    }
}
