package dev.lossforge.service.proposer.llm;

import java.util.List;

/**
 * How one proposal ended. Every outcome carries the calls it made, for {@code llm_call}.
 */
public sealed interface ProposalOutcome {

    String proposalId();

    List<LlmCallRecord> calls();

    /** A validated loss: store it as a candidate and queue its evaluation. */
    record Proposed(Proposal proposal) implements ProposalOutcome {
        @Override
        public String proposalId() {
            return proposal.proposalId();
        }

        @Override
        public List<LlmCallRecord> calls() {
            return proposal.calls();
        }
    }

    /**
     * Every repair turn was spent without a valid loss. When the last reply held code, the service
     * may store it as an INVALID candidate with {@code lastError}, so the next prompts show the failure.
     *
     * @param lastReply     the last reply that parsed, or {@code null} when none did
     * @param lastError     the exact error of the last turn
     * @param lastRejection the sandbox's rejection of the last turn's code (kind, line, column), or
     *                      {@code null} when the last turn failed before validation
     * @param promptHash  SHA-256 of the templates used
     */
    record Failed(String proposalId, ParsedReply lastReply, String lastError, CodeVerdict.Rejected lastRejection,
                  String promptHash, String parentId,
                  int repairTurns, long inputTokens, long outputTokens, List<LlmCallRecord> calls)
            implements ProposalOutcome {
        public Failed {
            calls = List.copyOf(calls);
        }
    }

    /**
     * The model could not be reached, or refused in a way retrying cannot fix: pause the campaign
     * with {@code reason}.
     */
    record Unavailable(String proposalId, String reason, CallOutcome lastOutcome, List<LlmCallRecord> calls)
            implements ProposalOutcome {
        public Unavailable {
            calls = List.copyOf(calls);
        }
    }

    /** The campaign's token or cost budget is spent: end the campaign's proposing with {@code reason}. */
    record BudgetSpent(String proposalId, String reason, List<LlmCallRecord> calls) implements ProposalOutcome {
        public BudgetSpent {
            calls = List.copyOf(calls);
        }
    }
}
