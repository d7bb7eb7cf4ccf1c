package dev.lossforge.task;

import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.train.TrainingListener;

import java.nio.file.Path;

/**
 * Everything one run needs.
 *
 * @param variant  a variant the task lists
 * @param config   the task's defaults for that variant with the caller's overrides
 * @param loss     the loss to train with
 * @param seed     fixes the data, the reference and the initialisation
 * @param listener progress out, stop requests in
 * @param cacheDir where references and warm-ups are cached between runs, or {@code null} for the
 *                 task's default location (the evaluate command passes null without --cache-dir)
 */
public record TaskRun(
        String variant,
        TaskConfig config,
        PreferenceLoss loss,
        long seed,
        TrainingListener listener,
        Path cacheDir) {
}
