package dev.lossforge.service.proposer.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

import java.util.Optional;

/**
 * Builds the LangChain4j client for a model's settings.
 *
 * <p>LangChain4j's own retries are switched off ({@code maxRetries(0)}): {@link LlmClient}
 * retries with its own back-off so that every attempt is recorded and classified. Request and
 * response logging stay off because the request headers carry the key.
 */
public final class ChatModelFactory {

    /** @param key the key, empty for servers that take none */
    public ChatModel create(ModelSettings settings, Optional<ApiKey> key) {
        return switch (settings.provider()) {
            case OPENAI, OPENAI_COMPATIBLE -> openAi(settings, key);
            case ANTHROPIC -> anthropic(settings, key);
            case OLLAMA -> ollama(settings);
        };
    }

    private static ChatModel openAi(ModelSettings settings, Optional<ApiKey> key) {
        OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder()
                .baseUrl(settings.effectiveBaseUrl())
                .modelName(settings.modelName())
                .temperature(settings.temperature())
                .maxTokens(settings.maxOutputTokens())
                .timeout(settings.timeout())
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false);
        key.ifPresent(k -> builder.apiKey(k.reveal()));
        return builder.build();
    }

    private static ChatModel anthropic(ModelSettings settings, Optional<ApiKey> key) {
        // the client insists on a key; a proxy that needs none still gets a harmless placeholder
        String apiKey = key.map(ApiKey::reveal).orElse("none");
        return AnthropicChatModel.builder()
                .baseUrl(settings.effectiveBaseUrl())
                .apiKey(apiKey)
                .modelName(settings.modelName())
                .temperature(settings.temperature())
                .maxTokens(settings.maxOutputTokens())
                .timeout(settings.timeout())
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false)
                .build();
    }

    private static ChatModel ollama(ModelSettings settings) {
        return OllamaChatModel.builder()
                .baseUrl(settings.effectiveBaseUrl())
                .modelName(settings.modelName())
                .temperature(settings.temperature())
                .numPredict(settings.maxOutputTokens())
                .timeout(settings.timeout())
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false)
                .build();
    }
}
