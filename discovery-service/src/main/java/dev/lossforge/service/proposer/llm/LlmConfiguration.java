package dev.lossforge.service.proposer.llm;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans of the LLM proposer that are not components of their own. */
@Configuration(proxyBeanMethods = false)
class LlmConfiguration {

    /** Keys come from the service's environment variables, named by each campaign's {@code apiKeyEnv}. */
    @Bean
    ApiKeyResolver llmApiKeys() {
        return ApiKeyResolver.fromSystemEnvironment();
    }
}
