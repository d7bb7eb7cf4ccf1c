package dev.lossforge.service.proposer.llm;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * A campaign's own LLM settings, as its creation request gives them; every field may be
 * {@code null} to keep the default. {@code apiKeyEnv} names the environment variable that holds
 * the key: the key itself never goes into a campaign.
 */
public record LlmOverrides(
        String provider,
        String baseUrl,
        String model,
        Double temperature,
        Integer maxOutputTokens,
        Double timeoutSeconds,
        String apiKeyEnv,
        Integer maxRepairTurns,
        Integer concurrency,
        Integer maxPromptTokens,
        Long tokenBudget,
        BigDecimal costBudgetUsd) {

    public static LlmOverrides none() {
        return new LlmOverrides(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * @throws LlmConfigurationException naming the field at fault
     */
    public LlmProposerSettings applyTo(LlmProposerSettings defaults) {
        ModelSettings base = defaults.model();
        LlmProvider chosen = provider == null ? base.provider() : LlmProvider.parse(provider);
        boolean otherProvider = chosen != base.provider();
        if (otherProvider && (model == null || model.isBlank())) {
            throw new LlmConfigurationException("model", "name the model when choosing provider " + chosen);
        }
        if (timeoutSeconds != null && !(timeoutSeconds >= 0.001 && timeoutSeconds <= 86_400)) {
            throw new LlmConfigurationException("timeoutSeconds", "must be between 0.001 and 86400, got " + timeoutSeconds);
        }
        ModelSettings modelSettings = new ModelSettings(
                chosen,
                baseUrl != null ? baseUrl : otherProvider ? null : base.baseUrl(),
                model != null ? model : base.modelName(),
                temperature != null ? temperature : base.temperature(),
                maxOutputTokens != null ? maxOutputTokens : base.maxOutputTokens(),
                timeoutSeconds != null ? Duration.ofMillis(Math.round(timeoutSeconds * 1000)) : base.timeout(),
                apiKeyEnv != null ? apiKeyEnv : otherProvider ? null : base.apiKeyEnv());
        LlmBudget budget = new LlmBudget(
                tokenBudget != null ? tokenBudget : defaults.budget().maxTokens(),
                costBudgetUsd != null ? costBudgetUsd : defaults.budget().maxCostUsd());
        return new LlmProposerSettings(
                modelSettings,
                maxRepairTurns != null ? maxRepairTurns : defaults.maxRepairTurns(),
                concurrency != null ? concurrency : defaults.concurrency(),
                maxPromptTokens != null ? defaults.context().withMaxPromptTokens(maxPromptTokens) : defaults.context(),
                budget);
    }
}
