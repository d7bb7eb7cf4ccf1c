package dev.lossforge.task;

import dev.lossforge.task.bandit.BanditTask;
import dev.lossforge.task.hh.HhRlhfTask;
import dev.lossforge.task.hh.JsonlTask;
import dev.lossforge.task.tinylm.TinyLmSentimentTask;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tasks this trainer knows, by name. */
public final class TaskRegistry {

    private static final Map<String, Task> TASKS = new LinkedHashMap<>();

    static {
        for (Task task : List.<Task>of(new BanditTask(), new TinyLmSentimentTask(), new HhRlhfTask(), new JsonlTask())) {
            TASKS.put(task.name(), task);
        }
    }

    private TaskRegistry() {
    }

    public static List<Task> all() {
        return new ArrayList<>(TASKS.values());
    }

    public static Task get(String name) {
        Task task = TASKS.get(name);
        if (task == null) {
            throw new InvalidTaskException("task",
                    "unknown task '" + name + "' (known: " + String.join(", ", TASKS.keySet()) + ")");
        }
        return task;
    }

    /**
     * @param spec      {@code NAME} or {@code NAME:VARIANT}
     * @param overrides settings that replace the variant's defaults
     * @throws InvalidTaskException naming the field at fault
     */
    public static ResolvedTask resolve(String spec, Map<String, ?> overrides) {
        TaskSpec parsed = TaskSpec.parse(spec);
        Task task = get(parsed.task());
        String variant = parsed.variant() == null ? task.variants().get(0) : parsed.variant();
        if (!task.variants().contains(variant)) {
            throw new InvalidTaskException("task", "task " + task.name() + " has no variant '" + variant
                    + "' (variants: " + String.join(", ", task.variants()) + ")");
        }
        TaskConfig config = task.defaults(variant).with(overrides);
        task.validate(variant, config);
        return new ResolvedTask(task, variant, config);
    }
}
