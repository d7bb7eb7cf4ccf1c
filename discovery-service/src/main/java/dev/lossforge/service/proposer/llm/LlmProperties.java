package dev.lossforge.service.proposer.llm;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The LLM proposer's defaults ({@code lossforge.llm.*}; each also an environment variable such as
 * {@code LOSSFORGE_LLM_MODEL}). A campaign overrides any of the model settings, the repair and
 * concurrency limits and the budgets with {@link LlmOverrides}. Keys are never configured here:
 * {@code api-key-env} names the environment variable that holds one.
 *
 * @param provider        openai | openai-compatible | anthropic | ollama
 * @param baseUrl         server URL; empty for the provider's default
 * @param model           model name
 * @param temperature     sampling temperature
 * @param maxOutputTokens longest reply
 * @param timeout         limit per HTTP call
 * @param apiKeyEnv       environment variable with the key; empty for the provider's default
 * @param maxRepairTurns  repair turns per proposal
 * @param concurrency     proposals in flight per campaign
 * @param maxPromptTokens estimated tokens per prompt, at most
 * @param tokenBudget     tokens per campaign, at most; empty for no limit
 * @param costBudgetUsd   dollars per campaign, at most; empty for no limit
 * @param promptsDir      folder read for templates before the packaged copies (a plain file-system path,
 *                        relative to the working directory)
 * @param retry           back-off for 429, timeouts, 5xx and unreachable servers
 * @param prices          dollars per million input and output tokens, by model name
 */
@ConfigurationProperties("lossforge.llm")
public record LlmProperties(
        String provider,
        String baseUrl,
        String model,
        Double temperature,
        Integer maxOutputTokens,
        Duration timeout,
        String apiKeyEnv,
        Integer maxRepairTurns,
        Integer concurrency,
        Integer maxPromptTokens,
        Long tokenBudget,
        BigDecimal costBudgetUsd,
        String promptsDir,
        Retry retry,
        Map<String, Price> prices) {

    /** Back-off settings; see {@link RetryPolicy}. */
    public record Retry(Integer maxAttempts, Duration initialDelay, Duration maxDelay, Double multiplier, Double jitter) {

        RetryPolicy toPolicy() {
            RetryPolicy d = RetryPolicy.defaults();
            return new RetryPolicy(
                    maxAttempts != null ? maxAttempts : d.maxAttempts(),
                    initialDelay != null ? initialDelay : d.initialDelay(),
                    maxDelay != null ? maxDelay : d.maxDelay(),
                    multiplier != null ? multiplier : d.multiplier(),
                    jitter != null ? jitter : d.jitter());
        }
    }

    /** A model's price in dollars per million tokens. */
    public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    }

    /** The defaults every campaign starts from. */
    public LlmProposerSettings toSettings() {
        ModelSettings modelSettings = new ModelSettings(
                provider == null || provider.isBlank() ? LlmProvider.OPENAI : LlmProvider.parse(provider),
                baseUrl,
                model == null || model.isBlank() ? "gpt-4.1-mini" : model,
                temperature != null ? temperature : 0.8,
                maxOutputTokens != null ? maxOutputTokens : 4096,
                timeout != null ? timeout : Duration.ofSeconds(180),
                apiKeyEnv);
        ContextLimits context = maxPromptTokens != null
                ? ContextLimits.defaults().withMaxPromptTokens(maxPromptTokens) : ContextLimits.defaults();
        return new LlmProposerSettings(modelSettings,
                maxRepairTurns != null ? maxRepairTurns : 3,
                concurrency != null ? concurrency : 2,
                context,
                new LlmBudget(tokenBudget, costBudgetUsd));
    }

    /** The process-wide part: prompts folder, retries, prices. */
    public LlmEnvironment toEnvironment() {
        Map<String, ModelPrice> table = new LinkedHashMap<>();
        if (prices != null) {
            for (Map.Entry<String, Price> entry : prices.entrySet()) {
                Price price = entry.getValue();
                if (price == null || price.inputPerMillion() == null || price.outputPerMillion() == null) {
                    throw new LlmConfigurationException("prices." + entry.getKey(),
                            "give both input-per-million and output-per-million");
                }
                table.put(entry.getKey(), new ModelPrice(price.inputPerMillion(), price.outputPerMillion()));
            }
        }
        return new LlmEnvironment(Path.of(promptsDir != null && !promptsDir.isBlank() ? promptsDir : "prompts"),
                retry != null ? retry.toPolicy() : RetryPolicy.defaults(), new PriceTable(table));
    }
}
