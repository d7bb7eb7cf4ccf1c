package dev.lossforge.service.proposer.llm;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LlmSettingsTest {

    private static final String KEY = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz";

    private static LlmProposerSettings defaults() {
        ModelSettings model = new ModelSettings(LlmProvider.OPENAI, null, "gpt-4.1-mini", 0.7, 2048,
                Duration.ofSeconds(120), null);
        return new LlmProposerSettings(model, 2, 2, ContextLimits.defaults(), LlmBudget.unlimited());
    }

    @Test
    void providersParseByTheirNames() {
        assertThat(LlmProvider.parse("openai-compatible")).isEqualTo(LlmProvider.OPENAI_COMPATIBLE);
        assertThat(LlmProvider.parse("OPENAI_COMPATIBLE")).isEqualTo(LlmProvider.OPENAI_COMPATIBLE);
        assertThat(LlmProvider.parse(" Anthropic ")).isEqualTo(LlmProvider.ANTHROPIC);
        assertThatThrownBy(() -> LlmProvider.parse("gemini"))
                .isInstanceOf(LlmConfigurationException.class)
                .hasMessage("provider: unknown LLM provider 'gemini' (known: openai, openai-compatible, anthropic, ollama)");
    }

    @Test
    void providerDefaultsFillTheBaseUrlAndKeyVariable() {
        ModelSettings anthropic = new ModelSettings(LlmProvider.ANTHROPIC, null, "claude", 0.5, 100, Duration.ofSeconds(1), null);
        ModelSettings ollama = new ModelSettings(LlmProvider.OLLAMA, null, "qwen", 0.5, 100, Duration.ofSeconds(1), null);

        assertThat(anthropic.effectiveBaseUrl()).isEqualTo("https://api.anthropic.com/v1/");
        assertThat(anthropic.effectiveApiKeyEnv()).isEqualTo("ANTHROPIC_API_KEY");
        assertThat(ollama.effectiveBaseUrl()).isEqualTo("http://localhost:11434");
        assertThat(ollama.effectiveApiKeyEnv()).isNull();
    }

    @Test
    void anOpenAiCompatibleServerNeedsItsBaseUrl() {
        assertThatThrownBy(() -> new ModelSettings(LlmProvider.OPENAI_COMPATIBLE, null, "m", 0.5, 100, Duration.ofSeconds(1), null))
                .isInstanceOf(LlmConfigurationException.class)
                .extracting(e -> ((LlmConfigurationException) e).field()).isEqualTo("baseUrl");
    }

    @Test
    void badValuesNameTheirField() {
        assertThatThrownBy(() -> new ModelSettings(LlmProvider.OPENAI, null, " ", 0.5, 100, Duration.ofSeconds(1), null))
                .extracting(e -> ((LlmConfigurationException) e).field()).isEqualTo("model");
        assertThatThrownBy(() -> new ModelSettings(LlmProvider.OPENAI, null, "m", 2.5, 100, Duration.ofSeconds(1), null))
                .extracting(e -> ((LlmConfigurationException) e).field()).isEqualTo("temperature");
        assertThatThrownBy(() -> new ModelSettings(LlmProvider.OPENAI, "ftp://x", "m", 0.5, 100, Duration.ofSeconds(1), null))
                .extracting(e -> ((LlmConfigurationException) e).field()).isEqualTo("baseUrl");
        assertThatThrownBy(() -> new LlmProposerSettings(defaults().model(), 11, 1, ContextLimits.defaults(), LlmBudget.unlimited()))
                .extracting(e -> ((LlmConfigurationException) e).field()).isEqualTo("maxRepairTurns");
        assertThatThrownBy(() -> new LlmBudget(0L, null))
                .extracting(e -> ((LlmConfigurationException) e).field()).isEqualTo("tokenBudget");
    }

    @Test
    void aKeyPastedWhereTheVariableNameBelongsIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new ModelSettings(LlmProvider.ANTHROPIC, null, "claude", 0.5, 100, Duration.ofSeconds(1), KEY))
                .isInstanceOf(LlmConfigurationException.class)
                .satisfies(e -> {
                    assertThat(((LlmConfigurationException) e).field()).isEqualTo("apiKeyEnv");
                    assertThat(e.getMessage()).contains("NAME of an environment variable").doesNotContain(KEY);
                    assertThat(e.toString()).doesNotContain(KEY);
                });
    }

    @Test
    void anUnsetKeyVariableIsNamedAndAResolvedKeyNeverShows() {
        ModelSettings settings = new ModelSettings(LlmProvider.ANTHROPIC, null, "claude", 0.5, 100, Duration.ofSeconds(1),
                "MY_ANTHROPIC_KEY");

        assertThatThrownBy(() -> new ApiKeyResolver(Map.<String, String>of()::get).resolve(settings))
                .isInstanceOf(LlmConfigurationException.class)
                .hasMessage("apiKeyEnv: environment variable MY_ANTHROPIC_KEY is not set; provider anthropic needs an API key from it");

        ApiKey key = new ApiKeyResolver(Map.of("MY_ANTHROPIC_KEY", KEY)::get).resolve(settings).orElseThrow();
        assertThat(key.toString()).isEqualTo("ApiKey[MY_ANTHROPIC_KEY=***]");
        assertThat(settings.toString()).contains("MY_ANTHROPIC_KEY").doesNotContain(KEY);
        LlmProposerSettings all = new LlmProposerSettings(settings, 1, 1, ContextLimits.defaults(), LlmBudget.unlimited());
        assertThat(all.toString()).doesNotContain(KEY);
        assertThat(key.redact("bad key " + KEY + " and its head " + KEY.substring(0, 10) + "..."))
                .isEqualTo("bad key *** and its head ***...");
    }

    @Test
    void aProviderWithoutKeysNeedsNoVariableButANamedOneMustBeSet() {
        ModelSettings local = new ModelSettings(LlmProvider.OPENAI_COMPATIBLE, "http://localhost:8000/v1", "m", 0.5, 100,
                Duration.ofSeconds(1), null);
        ModelSettings named = new ModelSettings(LlmProvider.OPENAI_COMPATIBLE, "http://localhost:8000/v1", "m", 0.5, 100,
                Duration.ofSeconds(1), "VLLM_KEY");

        assertThat(new ApiKeyResolver(Map.<String, String>of()::get).resolve(local)).isEmpty();
        assertThatThrownBy(() -> new ApiKeyResolver(Map.<String, String>of()::get).resolve(named))
                .hasMessageContaining("VLLM_KEY is not set");
    }

    @Test
    void campaignOverridesReplaceOnlyWhatTheyName() {
        LlmOverrides overrides = new LlmOverrides(null, null, "gpt-4.1", 0.2, null, 30.0, null, 4, 3, 8_000, 50_000L,
                new BigDecimal("2.50"));

        LlmProposerSettings settings = overrides.applyTo(defaults());

        assertThat(settings.model().provider()).isEqualTo(LlmProvider.OPENAI);
        assertThat(settings.model().modelName()).isEqualTo("gpt-4.1");
        assertThat(settings.model().temperature()).isEqualTo(0.2);
        assertThat(settings.model().maxOutputTokens()).isEqualTo(2048);
        assertThat(settings.model().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxRepairTurns()).isEqualTo(4);
        assertThat(settings.concurrency()).isEqualTo(3);
        assertThat(settings.context().maxPromptTokens()).isEqualTo(8_000);
        assertThat(settings.budget()).isEqualTo(new LlmBudget(50_000L, new BigDecimal("2.50")));
        assertThat(LlmOverrides.none().applyTo(defaults())).isEqualTo(defaults());
    }

    @Test
    void switchingProviderDropsTheOldProvidersUrlAndKeyAndNeedsAModel() {
        LlmProposerSettings withUrl = new LlmOverrides(null, "https://proxy.example/v1", null, null, null, null, "PROXY_KEY",
                null, null, null, null, null).applyTo(defaults());

        LlmProposerSettings ollama = new LlmOverrides("ollama", null, "qwen2.5-coder:7b", null, null, null, null, null,
                null, null, null, null).applyTo(withUrl);

        assertThat(ollama.model().effectiveBaseUrl()).isEqualTo("http://localhost:11434");
        assertThat(ollama.model().effectiveApiKeyEnv()).isNull();
        assertThatThrownBy(() -> new LlmOverrides("anthropic", null, null, null, null, null, null, null, null, null, null,
                null).applyTo(defaults()))
                .extracting(e -> ((LlmConfigurationException) e).field()).isEqualTo("model");
    }

    @Test
    void backoffGrowsByTheMultiplierUpToTheCapAndJitterTakesAtMostItsShare() {
        RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(1_000), 3.0, 0.25);

        assertThat(policy.delayAfter(1, () -> 0.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayAfter(2, () -> 0.0)).isEqualTo(Duration.ofMillis(300));
        assertThat(policy.delayAfter(3, () -> 0.0)).isEqualTo(Duration.ofMillis(900));
        assertThat(policy.delayAfter(4, () -> 0.0)).isEqualTo(Duration.ofMillis(1_000));
        // 300 * (1 - 0.25 * 0.999...) ~ 225
        assertThat(policy.delayAfter(2, () -> 0.9999)).isEqualTo(Duration.ofMillis(225));
    }

    @Test
    void usageAddsCallsAndSaysWhenTheBudgetIsSpent() {
        LlmUsage usage = LlmUsage.zero()
                .plus(call(400, 100, "0.01"))
                .plus(call(0, 0, null))
                .plus(call(300, 200, "0.02"));

        assertThat(usage.calls()).isEqualTo(3);
        assertThat(usage.totalTokens()).isEqualTo(1_000);
        assertThat(usage.costUsd()).isEqualByComparingTo("0.03");
        assertThat(usage.exhausted(new LlmBudget(1_001L, null))).isEmpty();
        assertThat(usage.exhausted(new LlmBudget(1_000L, null))).contains("LLM token budget spent: 1000 of 1000 tokens used");
        assertThat(usage.exhausted(new LlmBudget(null, new BigDecimal("0.03")))).contains("LLM cost budget spent: $0.03 of $0.03 used");
    }

    private static LlmCallRecord call(long in, long out, String cost) {
        return new LlmCallRecord("c", "p", "h", java.time.Instant.EPOCH, "openai", "m", CallPurpose.PROPOSE, 0, 1,
                CallOutcome.OK, in, out, 10, cost == null ? null : new BigDecimal(cost), null, null, "reply");
    }
}
