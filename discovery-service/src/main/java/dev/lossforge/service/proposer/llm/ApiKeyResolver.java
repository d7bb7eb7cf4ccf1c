package dev.lossforge.service.proposer.llm;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Looks up a model's API key in the environment (or, in tests, any function that acts as one). */
public final class ApiKeyResolver {

    private final Function<String, String> environment;

    public ApiKeyResolver(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Reads the process environment. */
    public static ApiKeyResolver fromSystemEnvironment() {
        return new ApiKeyResolver(System::getenv);
    }

    /**
     * @return the key, or empty when the provider takes none and none is configured
     * @throws LlmConfigurationException naming {@code apiKeyEnv} when the variable is needed but unset
     */
    public Optional<ApiKey> resolve(ModelSettings settings) {
        String variable = settings.effectiveApiKeyEnv();
        if (variable == null) {
            return Optional.empty();
        }
        String value = environment.apply(variable);
        if (value == null || value.isBlank()) {
            if (settings.provider().keyRequired() || settings.apiKeyEnv() != null) {
                throw new LlmConfigurationException("apiKeyEnv", "environment variable " + variable
                        + " is not set; provider " + settings.provider() + " needs an API key from it");
            }
            return Optional.empty();
        }
        return Optional.of(new ApiKey(variable, value.trim()));
    }
}
