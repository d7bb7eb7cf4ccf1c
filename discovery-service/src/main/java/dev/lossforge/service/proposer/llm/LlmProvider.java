package dev.lossforge.service.proposer.llm;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of LLM server the proposer can talk to, each through its LangChain4j client. */
public enum LlmProvider {

    /** api.openai.com; the key comes from OPENAI_API_KEY unless the campaign names another variable. */
    OPENAI("openai", "https://api.openai.com/v1", "OPENAI_API_KEY", true),
    /** Any server that speaks OpenAI's chat-completions API (vLLM, llama.cpp server, LM Studio, ...). */
    OPENAI_COMPATIBLE("openai-compatible", null, null, false),
    /** api.anthropic.com (messages API). */
    ANTHROPIC("anthropic", "https://api.anthropic.com/v1/", "ANTHROPIC_API_KEY", true),
    /** A local or remote Ollama server; no key. */
    OLLAMA("ollama", "http://localhost:11434", null, false);

    private final String id;
    private final String defaultBaseUrl;
    private final String defaultApiKeyEnv;
    private final boolean keyRequired;

    LlmProvider(String id, String defaultBaseUrl, String defaultApiKeyEnv, boolean keyRequired) {
        this.id = id;
        this.defaultBaseUrl = defaultBaseUrl;
        this.defaultApiKeyEnv = defaultApiKeyEnv;
        this.keyRequired = keyRequired;
    }

    /** The name users write in configuration and campaign requests. */
    public String id() {
        return id;
    }

    /** The base URL used when none is configured, or {@code null} when one must be given. */
    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** The environment variable read for the key when none is named, or {@code null}. */
    public String defaultApiKeyEnv() {
        return defaultApiKeyEnv;
    }

    /** Whether a call cannot work without a key (OpenAI and Anthropic proper). */
    public boolean keyRequired() {
        return keyRequired;
    }

    /**
     * @param text {@code openai}, {@code openai-compatible}, {@code anthropic} or {@code ollama}
     *             (case and {@code _}/{@code -} do not matter)
     * @throws LlmConfigurationException naming the field {@code provider}
     */
    public static LlmProvider parse(String text) {
        if (text != null) {
            String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (LlmProvider provider : values()) {
                if (provider.id.equals(wanted)) {
                    return provider;
                }
            }
        }
        throw new LlmConfigurationException("provider", "unknown LLM provider '" + text + "' (known: "
                + Arrays.stream(values()).map(LlmProvider::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
