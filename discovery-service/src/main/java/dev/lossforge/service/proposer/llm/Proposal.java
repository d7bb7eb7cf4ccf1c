package dev.lossforge.service.proposer.llm;

import java.util.List;
import java.util.Objects;

/**
 * A loss the model proposed that passed the sandbox: what the service stores as a candidate.
 *
 * @param proposalId   groups the proposal's calls in {@code llm_call}
 * @param thought      the hypothesis
 * @param name         a name unique within the campaign
 * @param code         the Java source, as validated
 * @param codeHash     SHA-256 of the code without comments and whitespace
 * @param fingerprint  the sandbox's behaviour fingerprint, or {@code null}
 * @param validation   the validator's own result (the sandbox's validated loss), or {@code null}
 * @param promptHash   SHA-256 of the templates the prompt was rendered from
 * @param parentId     the candidate it improves on, or {@code null}
 * @param model        provider and model, {@code openai/gpt-4.1-mini}
 * @param inputTokens  prompt tokens over every call of the proposal, repairs and retries included
 * @param outputTokens completion tokens over every call
 * @param repairTurns  repair turns it took (0: the first answer was good)
 * @param fixes        what the parser repaired in the reply it came from
 * @param calls        every call made for it
 */
public record Proposal(
        String proposalId,
        String thought,
        String name,
        String code,
        String codeHash,
        String fingerprint,
        Object validation,
        String promptHash,
        String parentId,
        String model,
        long inputTokens,
        long outputTokens,
        int repairTurns,
        List<String> fixes,
        List<LlmCallRecord> calls) {

    public Proposal {
        Objects.requireNonNull(proposalId, "proposalId");
        Objects.requireNonNull(thought, "thought");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(promptHash, "promptHash");
        fixes = List.copyOf(fixes);
        calls = List.copyOf(calls);
    }
}
