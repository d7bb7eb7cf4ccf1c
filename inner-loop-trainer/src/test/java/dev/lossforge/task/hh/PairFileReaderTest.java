package dev.lossforge.task.hh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PairFileReaderTest {

    @TempDir
    Path dir;

    private static List<TextPair> read(String text) {
        return PairFileReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "pairs.jsonl");
    }

    @Test
    void readsPromptChosenRejectedLines() {
        List<TextPair> pairs = read("{\"prompt\": \"Q: 2+2?\", \"chosen\": \" 4\", \"rejected\": \" 5\"}\n"
                + "\n"
                + "{\"chosen\": \"yes\", \"rejected\": \"no\", \"prompt\": \"Sure?\", \"extra\": 1}\n");

        assertThat(pairs).containsExactly(new TextPair("Q: 2+2?", " 4", " 5"), new TextPair("Sure?", "yes", "no"));
    }

    @Test
    void splitsHhDialoguesAtTheLastSharedAssistantTurn() {
        String prefix = "\n\nHuman: hi\n\nAssistant: hello\n\nHuman: can you help?\n\nAssistant:";
        String line = "{\"chosen\": " + json(prefix + " I can try.") + ", \"rejected\": " + json(prefix + " I cannot.") + "}";

        assertThat(read(line)).containsExactly(new TextPair(prefix, " I can try.", " I cannot."));
    }

    @Test
    void theRealFileSplitsIntoPromptsEndingWithAnAssistantTurn() {
        List<TextPair> pairs = new HhRlhfTask().pairs(null);

        assertThat(pairs).hasSize(2312);
        assertThat(pairs).allSatisfy(p -> {
            assertThat(p.prompt()).startsWith("\n\nHuman:").endsWith("\n\nAssistant:");
            assertThat(p.chosen()).isNotEqualTo(p.rejected());
        });
        assertThat(pairs.get(0).chosen()).startsWith(" No, sorry!  All of these involve a pen");
    }

    @Test
    void malformedLinesAreNamedByNumber() {
        String good = "{\"prompt\": \"p\", \"chosen\": \"a\", \"rejected\": \"b\"}\n";

        assertThatThrownBy(() -> read(good + good + "{\"prompt\": \"p\", \"chosen\": \"a\"\n"))
                .isInstanceOf(PairFileException.class)
                .hasMessageStartingWith("pairs.jsonl line 3: not valid JSON");
        assertThatThrownBy(() -> read(good + "\n{\"prompt\": \"p\", \"chosen\": \"a\"}\n"))
                .isInstanceOf(PairFileException.class)
                .hasMessage("pairs.jsonl line 3: missing \"rejected\"");
        assertThatThrownBy(() -> read("{\"prompt\": \"p\", \"chosen\": 7, \"rejected\": \"b\"}"))
                .hasMessage("pairs.jsonl line 1: \"chosen\" must be a string");
        assertThatThrownBy(() -> read(good + "[1, 2]"))
                .hasMessageStartingWith("pairs.jsonl line 2: expected a JSON object");
        assertThatThrownBy(() -> read("{\"chosen\": \"Human: a\", \"rejected\": \"Human: b\"}"))
                .hasMessageStartingWith("pairs.jsonl line 1: without a \"prompt\" field");
        assertThatThrownBy(() -> read("\n\n"))
                .hasMessage("pairs.jsonl has no pairs");
    }

    @Test
    void errorsNameTheConfigField() {
        assertThatThrownBy(() -> read("nonsense"))
                .isInstanceOfSatisfying(PairFileException.class, e -> assertThat(e.field()).isEqualTo("taskConfig.file"));
    }

    @Test
    void readsFilesPlainAndGzipped() throws IOException {
        String content = "{\"prompt\": \"p\", \"chosen\": \"a\", \"rejected\": \"b\"}\n";
        Path plain = Files.writeString(dir.resolve("pairs.jsonl"), content);
        Path gz = dir.resolve("pairs.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }

        assertThat(PairFileReader.read(plain)).containsExactly(new TextPair("p", "a", "b"));
        assertThat(PairFileReader.read(gz)).containsExactly(new TextPair("p", "a", "b"));
        assertThatThrownBy(() -> PairFileReader.read(dir.resolve("missing.jsonl")))
                .isInstanceOf(PairFileException.class)
                .hasMessageContaining("missing.jsonl does not exist");
    }

    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
