package dev.lossforge.service.proposer;

import dev.lossforge.service.candidate.CodeCheck;

import java.util.List;

/**
 * A candidate a proposer offers.
 *
 * @param name       short name, unique in the campaign by the proposer's own care
 * @param hypothesis one line on why it might work
 * @param thought    the LLM's reasoning, or {@code null}
 * @param code       Java source of one public class implementing PreferenceLoss
 * @param parentIds  candidates it was derived from
 * @param promptHash hash of the prompt templates that produced it, or {@code null}
 * @param check      the sandbox's verdict on {@code code} when the proposer has it already (its
 *                   repair loop did), else {@code null}
 * @param llmCallIds rows of {@code llm_call} that produced it, linked to the candidate once stored
 */
public record Proposal(
        String name,
        String hypothesis,
        String thought,
        String code,
        List<Long> parentIds,
        String promptHash,
        CodeCheck check,
        List<Long> llmCallIds) {

    public Proposal {
        parentIds = parentIds == null ? List.of() : List.copyOf(parentIds);
        llmCallIds = llmCallIds == null ? List.of() : List.copyOf(llmCallIds);
    }

    public static Proposal of(String name, String hypothesis, String code) {
        return new Proposal(name, hypothesis, null, code, List.of(), null, null, List.of());
    }
}
