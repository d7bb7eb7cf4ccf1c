package dev.lossforge.service.proposer.llm;

/**
 * One message of a conversation as sent to the model.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 * @param text its text
 */
public record PromptMessage(String role, String text) {
}
