package dev.lossforge.service.proposer.llm;

/**
 * The first turn of a proposal.
 *
 * @param system          the system message
 * @param user            the user message: task, results so far, output contract
 * @param templates       the templates it was rendered from (repairs use the same)
 * @param estimatedTokens estimated tokens of both messages
 * @param shown           candidates shown
 * @param omitted         candidates left out to stay within the bound
 */
record RenderedPrompt(String system, String user, PromptSet templates, int estimatedTokens, int shown, int omitted) {
}
