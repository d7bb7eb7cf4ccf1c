package dev.lossforge.service.proposer.llm;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which model to call and how. Holds the NAME of the environment variable with the API key,
 * never the key: this record is stored with campaigns and shown in API responses.
 *
 * @param provider        the kind of server
 * @param baseUrl         the server's base URL; {@code null} for the provider's default (required
 *                        for {@link LlmProvider#OPENAI_COMPATIBLE})
 * @param modelName       the model as the server names it ({@code gpt-4.1-mini}, {@code claude-sonnet-4-5},
 *                        {@code qwen2.5-coder:7b}, ...)
 * @param temperature     sampling temperature, 0 to 2
 * @param maxOutputTokens the most tokens one reply may have
 * @param timeout         the limit for one HTTP call
 * @param apiKeyEnv       the environment variable that holds the key; {@code null} for the
 *                        provider's default (OPENAI_API_KEY, ANTHROPIC_API_KEY, none)
 */
public record ModelSettings(
        LlmProvider provider,
        String baseUrl,
        String modelName,
        double temperature,
        int maxOutputTokens,
        Duration timeout,
        String apiKeyEnv) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    public ModelSettings {
        Objects.requireNonNull(provider, "provider");
        if (modelName == null || modelName.isBlank()) {
            throw new LlmConfigurationException("model", "a model name is required (e.g. gpt-4.1-mini,"
                    + " claude-sonnet-4-5, qwen2.5-coder:7b)");
        }
        modelName = modelName.trim();
        if (baseUrl != null && baseUrl.isBlank()) {
            baseUrl = null;
        }
        if (baseUrl != null && !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw new LlmConfigurationException("baseUrl", "must start with http:// or https://, got '" + baseUrl + "'");
        }
        if (baseUrl == null && provider.defaultBaseUrl() == null) {
            throw new LlmConfigurationException("baseUrl", "provider " + provider
                    + " needs the server's base URL (e.g. http://localhost:8000/v1)");
        }
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new LlmConfigurationException("temperature", "must be between 0 and 2, got " + temperature);
        }
        if (maxOutputTokens < 1) {
            throw new LlmConfigurationException("maxOutputTokens", "must be at least 1, got " + maxOutputTokens);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new LlmConfigurationException("timeout", "must be positive, got " + timeout);
        }
        if (apiKeyEnv != null && apiKeyEnv.isBlank()) {
            apiKeyEnv = null;
        }
        if (apiKeyEnv != null && !ENV_NAME.matcher(apiKeyEnv).matches()) {
            // the value is not echoed: someone may have pasted the key itself here
            throw new LlmConfigurationException("apiKeyEnv", "must be the NAME of an environment variable"
                    + " (letters, digits and _), such as OPENAI_API_KEY, not the key itself");
        }
    }

    /** The base URL in effect: the configured one or the provider's default. */
    public String effectiveBaseUrl() {
        return baseUrl != null ? baseUrl : provider.defaultBaseUrl();
    }

    /** The environment variable in effect, or {@code null} when this provider takes no key. */
    public String effectiveApiKeyEnv() {
        return apiKeyEnv != null ? apiKeyEnv : provider.defaultApiKeyEnv();
    }

    /** The same settings for another model. */
    public ModelSettings withModelName(String name) {
        return new ModelSettings(provider, baseUrl, name, temperature, maxOutputTokens, timeout, apiKeyEnv);
    }
}
