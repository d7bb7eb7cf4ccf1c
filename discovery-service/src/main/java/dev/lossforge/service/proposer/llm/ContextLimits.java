package dev.lossforge.service.proposer.llm;

/**
 * How much of the campaign's history a prompt may carry.
 *
 * @param maxPromptTokens  estimated tokens of system plus user message, at most
 * @param maxBaselines     baseline lines, at most
 * @param maxBest          best-candidate lines, at most
 * @param maxRecent        recent-candidate lines, at most
 * @param maxErrorChars    a failure reason is cut to this length
 * @param maxThoughtChars  a hypothesis is cut to this length
 */
public record ContextLimits(int maxPromptTokens, int maxBaselines, int maxBest, int maxRecent, int maxErrorChars,
                            int maxThoughtChars) {

    public ContextLimits {
        if (maxPromptTokens < 500) {
            throw new LlmConfigurationException("maxPromptTokens", "must be at least 500, got " + maxPromptTokens);
        }
        if (maxBaselines < 0 || maxBest < 0 || maxRecent < 0 || maxErrorChars < 20 || maxThoughtChars < 0) {
            throw new LlmConfigurationException("context", "limits cannot be negative (and errors need 20 characters)");
        }
    }

    public static ContextLimits defaults() {
        return new ContextLimits(12_000, 30, 40, 15, 240, 160);
    }

    public ContextLimits withMaxPromptTokens(int tokens) {
        return new ContextLimits(tokens, maxBaselines, maxBest, maxRecent, maxErrorChars, maxThoughtChars);
    }
}
