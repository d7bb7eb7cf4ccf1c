package dev.lossforge.service.campaign;

import java.util.Map;

/**
 * A task of a campaign and the caller's overrides of its defaults.
 *
 * @param task       as the trainer names it ({@code bandit:noisy-40})
 * @param taskConfig overrides, as JSON values
 */
public record TaskSetting(String task, Map<String, Object> taskConfig) {

    public TaskSetting {
        taskConfig = taskConfig == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(taskConfig));
    }
}
