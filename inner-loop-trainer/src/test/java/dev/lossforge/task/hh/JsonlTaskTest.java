package dev.lossforge.task.hh;

import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.task.InvalidTaskException;
import dev.lossforge.task.ResolvedTask;
import dev.lossforge.task.RunStatus;
import dev.lossforge.task.SeedResult;
import dev.lossforge.task.TaskRegistry;
import dev.lossforge.task.TaskRun;
import dev.lossforge.task.lm.RecordingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lossforge.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The jsonl task end to end on small files, with a model small enough to train in a second. */
class JsonlTaskTest {

    private static final Map<String, Object> TINY = Map.ofEntries(
            Map.entry("modelDim", 32), Map.entry("heads", 2), Map.entry("layers", 1), Map.entry("ffnDim", 64),
            Map.entry("sftSteps", 20), Map.entry("sftBatchSize", 8), Map.entry("steps", 10), Map.entry("batchSize", 4),
            Map.entry("promptBytes", 16), Map.entry("responseBytes", 16), Map.entry("heldOutFraction", 0.25));

    @TempDir
    Path dir;

    private SeedResult run(Path file, long seed, RecordingListener listener) {
        Map<String, Object> settings = new HashMap<>(TINY);
        settings.put("file", file.toString());
        ResolvedTask task = TaskRegistry.resolve("jsonl", settings);
        return task.task().run(new TaskRun(task.variant(), task.config(), BuiltinLosses.get("dpo").newInstance(), seed,
                listener, dir.resolve("cache")));
    }

    private Path file(String name, int pairs, boolean dialogues) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pairs; i++) {
            String prompt = "Q" + i + ": is " + i + " even?";
            String good = i % 2 == 0 ? " yes" : " no";
            String bad = i % 2 == 0 ? " no" : " yes";
            if (dialogues) {
                String p = "\n\nHuman: " + prompt + "\n\nAssistant:";
                text.append("{\"chosen\": ").append(PairFileReaderTest.json(p + good))
                        .append(", \"rejected\": ").append(PairFileReaderTest.json(p + bad)).append("}\n");
            } else {
                text.append("{\"prompt\": ").append(PairFileReaderTest.json(prompt))
                        .append(", \"chosen\": ").append(PairFileReaderTest.json(good))
                        .append(", \"rejected\": ").append(PairFileReaderTest.json(bad)).append("}\n");
            }
        }
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void trainsOnBothLineFormsDeterministicallyWithTheReferenceCached() throws IOException {
        for (boolean dialogues : new boolean[] {false, true}) {
            Path file = file(dialogues ? "dialogues.jsonl" : "prompts.jsonl", 24, dialogues);
            RecordingListener first = new RecordingListener();
            RecordingListener second = new RecordingListener();

            SeedResult a = run(file, 5, first);
            SeedResult b = run(file, 5, second);

            assertThat(a.status()).isEqualTo(RunStatus.COMPLETED);
            // the untrained reference ranks every held-out pair as a tie
            assertThat(a.evaluations().get(0).metrics().get("pairAccuracy")).isEqualTo(0.5);
            assertThat(a.evaluations().get(0).metrics().get("auc")).isEqualTo(0.5);
            assertThat(a.metrics()).containsKeys("pairAccuracy", "auc", "margin", "referenceLikelihoodAccuracy");
            assertThat(first.referenceSteps()).isEqualTo(20);
            assertThat(second.referenceSteps()).isZero();
            a.metrics().forEach((k, v) -> assertThat(b.metrics().get(k)).as(k).isEqualTo(v, within(1e-6)));
        }
    }

    @Test
    void anEditedFileGetsANewReference() throws IOException {
        Path file = file("pairs.jsonl", 12, false);
        run(file, 5, new RecordingListener());
        Files.writeString(file, Files.readString(file).replace("Q3:", "Q3 (edited):"));
        RecordingListener listener = new RecordingListener();

        run(file, 5, listener);

        assertThat(listener.referenceSteps()).isEqualTo(20);
    }

    @Test
    void aMalformedLineIsNamedByNumber() throws IOException {
        Path file = file("bad.jsonl", 5, false);
        Files.writeString(file, Files.readString(file) + "{\"prompt\": \"p\", \"chosen\": \"a\", \"rejected\": }\n");

        assertThatThrownBy(() -> run(file, 1, new RecordingListener()))
                .isInstanceOf(PairFileException.class)
                .hasMessageContaining("bad.jsonl line 6: not valid JSON");
    }

    @Test
    void theEvaluateCommandReportsABadLineInOneLine() throws IOException {
        Path file = file("bad.jsonl", 3, false);
        Files.writeString(file, Files.readString(file) + "not json\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Main.run(new String[] {"evaluate", "--task", "jsonl", "--loss", "dpo", "--seeds", "1",
                        "--set", "file=" + file, "--cache-dir", dir.resolve("cache").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(lines.size() - 1)).startsWith("error: " + file + " line 4: not valid JSON (");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theFileMustBeNamedAndExist() {
        assertThatThrownBy(() -> TaskRegistry.resolve("jsonl", Map.of()))
                .isInstanceOfSatisfying(InvalidTaskException.class, e -> {
                    assertThat(e.field()).isEqualTo("taskConfig.file");
                    assertThat(e.getMessage()).contains("needs the setting 'file'");
                });
        assertThatThrownBy(() -> run(dir.resolve("nowhere.jsonl"), 1, new RecordingListener()))
                .isInstanceOf(PairFileException.class)
                .hasMessageContaining("nowhere.jsonl does not exist");
    }
}
