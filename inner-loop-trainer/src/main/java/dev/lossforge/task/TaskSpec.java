package dev.lossforge.task;

/**
 * A task as users name it: {@code bandit} (the default variant) or {@code bandit:noisy-40}.
 *
 * @param task    the task's name
 * @param variant the variant, or {@code null} for the task's default
 */
public record TaskSpec(String task, String variant) {

    public static TaskSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidTaskException("task", "task is empty (write it as NAME or NAME:VARIANT, e.g. bandit:noisy-40)");
        }
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        if (colon < 0) {
            return new TaskSpec(trimmed, null);
        }
        return new TaskSpec(trimmed.substring(0, colon), trimmed.substring(colon + 1));
    }

    @Override
    public String toString() {
        return variant == null ? task : task + ":" + variant;
    }
}
