package dev.lossforge.service.proposer.llm;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code lossforge.llm.*} as Spring Boot binds it. */
class LlmPropertiesTest {

    private static LlmProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("lossforge.llm", LlmProperties.class);
    }

    @Test
    void nothingConfiguredGivesTheDocumentedDefaults() {
        LlmProperties properties = bind(Map.of());

        LlmProposerSettings settings = properties.toSettings();
        LlmEnvironment environment = properties.toEnvironment();

        assertThat(settings.model().provider()).isEqualTo(LlmProvider.OPENAI);
        assertThat(settings.model().modelName()).isEqualTo("gpt-4.1-mini");
        assertThat(settings.model().effectiveApiKeyEnv()).isEqualTo("OPENAI_API_KEY");
        assertThat(settings.model().timeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(settings.maxRepairTurns()).isEqualTo(3);
        assertThat(settings.concurrency()).isEqualTo(2);
        assertThat(settings.context().maxPromptTokens()).isEqualTo(12_000);
        assertThat(settings.budget()).isEqualTo(LlmBudget.unlimited());
        assertThat(environment.promptsDir()).isEqualTo(Path.of("prompts"));
        assertThat(environment.retry()).isEqualTo(RetryPolicy.defaults());
        assertThat(environment.prices().byModel()).isEmpty();
    }

    @Test
    void everySettingBindsFromKebabCaseProperties() {
        LlmProperties properties = bind(Map.ofEntries(
                Map.entry("lossforge.llm.provider", "openai-compatible"),
                Map.entry("lossforge.llm.base-url", "http://localhost:8000/v1"),
                Map.entry("lossforge.llm.model", "Qwen/Qwen2.5-Coder-7B-Instruct"),
                Map.entry("lossforge.llm.temperature", "0.3"),
                Map.entry("lossforge.llm.max-output-tokens", "1500"),
                Map.entry("lossforge.llm.timeout", "45s"),
                Map.entry("lossforge.llm.api-key-env", "VLLM_API_KEY"),
                Map.entry("lossforge.llm.max-repair-turns", "5"),
                Map.entry("lossforge.llm.concurrency", "4"),
                Map.entry("lossforge.llm.max-prompt-tokens", "16000"),
                Map.entry("lossforge.llm.token-budget", "2000000"),
                Map.entry("lossforge.llm.cost-budget-usd", "12.50"),
                Map.entry("lossforge.llm.prompts-dir", "/etc/lossforge/prompts"),
                Map.entry("lossforge.llm.retry.max-attempts", "8"),
                Map.entry("lossforge.llm.retry.initial-delay", "500ms"),
                Map.entry("lossforge.llm.retry.max-delay", "1m"),
                Map.entry("lossforge.llm.prices[gpt-4.1-mini].input-per-million", "0.40"),
                Map.entry("lossforge.llm.prices[gpt-4.1-mini].output-per-million", "1.60"),
                Map.entry("lossforge.llm.prices[qwen2.5-coder:7b].input-per-million", "0"),
                Map.entry("lossforge.llm.prices[qwen2.5-coder:7b].output-per-million", "0")));

        LlmProposerSettings settings = properties.toSettings();
        LlmEnvironment environment = properties.toEnvironment();

        assertThat(settings.model()).isEqualTo(new ModelSettings(LlmProvider.OPENAI_COMPATIBLE, "http://localhost:8000/v1",
                "Qwen/Qwen2.5-Coder-7B-Instruct", 0.3, 1500, Duration.ofSeconds(45), "VLLM_API_KEY"));
        assertThat(settings.maxRepairTurns()).isEqualTo(5);
        assertThat(settings.concurrency()).isEqualTo(4);
        assertThat(settings.context().maxPromptTokens()).isEqualTo(16_000);
        assertThat(settings.budget()).isEqualTo(new LlmBudget(2_000_000L, new BigDecimal("12.50")));
        assertThat(environment.promptsDir()).isEqualTo(Path.of("/etc/lossforge/prompts"));
        assertThat(environment.retry().maxAttempts()).isEqualTo(8);
        assertThat(environment.retry().initialDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(environment.retry().maxDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(environment.retry().multiplier()).isEqualTo(2.0);
        assertThat(environment.prices().priceOf("gpt-4.1-mini")).contains(ModelPrice.of("0.40", "1.60"));
        assertThat(environment.prices().priceOf("qwen2.5-coder:7b")).contains(ModelPrice.of("0", "0"));
    }

    /** The environment variables the README's configuration table names. */
    @Test
    void everySettingBindsFromTheEnvironmentVariablesTheReadmeNames() {
        Map<String, Object> environment = Map.ofEntries(
                Map.entry("LOSSFORGE_LLM_PROVIDER", "ollama"),
                Map.entry("LOSSFORGE_LLM_BASEURL", "http://gpu-box:11434"),
                Map.entry("LOSSFORGE_LLM_MODEL", "qwen2.5-coder:7b"),
                Map.entry("LOSSFORGE_LLM_TEMPERATURE", "0.4"),
                Map.entry("LOSSFORGE_LLM_MAXOUTPUTTOKENS", "1000"),
                Map.entry("LOSSFORGE_LLM_TIMEOUT", "10m"),
                Map.entry("LOSSFORGE_LLM_APIKEYENV", "OLLAMA_PROXY_KEY"),
                Map.entry("LOSSFORGE_LLM_MAXREPAIRTURNS", "2"),
                Map.entry("LOSSFORGE_LLM_CONCURRENCY", "1"),
                Map.entry("LOSSFORGE_LLM_MAXPROMPTTOKENS", "9000"),
                Map.entry("LOSSFORGE_LLM_TOKENBUDGET", "100000"),
                Map.entry("LOSSFORGE_LLM_COSTBUDGETUSD", "3"),
                Map.entry("LOSSFORGE_LLM_PROMPTSDIR", "../my-prompts"),
                Map.entry("LOSSFORGE_LLM_RETRY_MAXATTEMPTS", "7"),
                Map.entry("LOSSFORGE_LLM_RETRY_INITIALDELAY", "2s"),
                Map.entry("LOSSFORGE_LLM_RETRY_MAXDELAY", "1m"),
                Map.entry("LOSSFORGE_LLM_RETRY_MULTIPLIER", "3"),
                Map.entry("LOSSFORGE_LLM_RETRY_JITTER", "0.25"));
        LlmProperties properties = new Binder(ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource("systemEnvironment", environment)))
                .bindOrCreate("lossforge.llm", LlmProperties.class);

        LlmProposerSettings settings = properties.toSettings();
        LlmEnvironment env = properties.toEnvironment();

        assertThat(settings.model()).isEqualTo(new ModelSettings(LlmProvider.OLLAMA, "http://gpu-box:11434",
                "qwen2.5-coder:7b", 0.4, 1000, Duration.ofMinutes(10), "OLLAMA_PROXY_KEY"));
        assertThat(settings.maxRepairTurns()).isEqualTo(2);
        assertThat(settings.concurrency()).isEqualTo(1);
        assertThat(settings.context().maxPromptTokens()).isEqualTo(9_000);
        assertThat(settings.budget()).isEqualTo(new LlmBudget(100_000L, new BigDecimal("3")));
        assertThat(env.promptsDir()).isEqualTo(Path.of("../my-prompts"));
        assertThat(env.retry()).isEqualTo(new RetryPolicy(7, Duration.ofSeconds(2), Duration.ofMinutes(1), 3.0, 0.25));
    }

    @Test
    void anUnknownProviderNamesTheField() {
        assertThatThrownBy(() -> bind(Map.of("lossforge.llm.provider", "bard")).toSettings())
                .isInstanceOf(LlmConfigurationException.class)
                .hasMessageStartingWith("provider: unknown LLM provider 'bard'");
    }

    @Test
    void aPriceNeedsBothHalves() {
        assertThatThrownBy(() -> bind(Map.of("lossforge.llm.prices[m].input-per-million", "1")).toEnvironment())
                .isInstanceOf(LlmConfigurationException.class)
                .hasMessageContaining("prices.m");
    }
}
