package dev.lossforge.task.hh;

import dev.lossforge.task.TaskConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code hh-rlhf} recipe on a user's own pairs: the file named by the setting {@code file}
 * (e.g. {@code --set file=/path/pairs.jsonl}), one JSON object a line, either
 * {@code {"prompt","chosen","rejected"}} or HH-RLHF's {@code {"chosen","rejected"}} dialogues
 * ({@link PairFileReader}); gzip when the name ends in {@code .gz}. The cache key holds a hash of
 * the file's pairs, so an edited file gets a new reference. Settings: those of
 * {@link PreferencePairTask} plus {@code file} (no default: it must be given).
 */
public final class JsonlTask extends PreferencePairTask {

    public static final String NAME = "jsonl";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the hh-rlhf recipe on a file of {prompt, chosen, rejected} lines (--set file=PATH)";
    }

    @Override
    public List<String> variants() {
        return List.of("default");
    }

    @Override
    protected Map<String, Object> extraDefaults() {
        return Map.of("file", "");
    }

    /** The file must be named; whether it exists is checked where the run happens (a worker's disk). */
    @Override
    public void validate(String variant, TaskConfig config) {
        if (config.getString("file").isBlank()) {
            throw new PairFileException("task jsonl needs the setting 'file', the path of a JSON-lines pair file"
                    + " (e.g. --set file=/path/pairs.jsonl)");
        }
        super.validate(variant, config);
    }

    @Override
    protected List<TextPair> pairs(TaskConfig config) {
        return PairFileReader.read(Path.of(config.getString("file").trim()));
    }
}
