package dev.lossforge.task;

/**
 * A task, one of its variants and a complete configuration: what a run needs besides the loss,
 * the seed and the listener.
 */
public record ResolvedTask(Task task, String variant, TaskConfig config) {

    /** The optional batch inputs this variant and configuration provide ({@link Task#optionalInputs}). */
    public java.util.Set<BatchInput> optionalInputs() {
        return task.optionalInputs(variant, config);
    }

    public TaskSpec spec() {
        return new TaskSpec(task.name(), variant);
    }
}
