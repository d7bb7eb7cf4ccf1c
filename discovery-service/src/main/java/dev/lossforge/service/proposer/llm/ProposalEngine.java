package dev.lossforge.service.proposer.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Runs one proposal to its end: renders the prompt, asks the model, parses the reply, checks it
 * against the campaign's names and code, validates it in the sandbox, and on any failure sends
 * a repair turn that quotes the exact error, up to the repair limit.
 */
final class ProposalEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ProposalEngine.class);

    private final LlmClient client;
    private final PromptLibrary library;
    private final PromptBuilder prompts;
    private final ReplyParser parser;
    private final LossCodeValidator validator;
    private final DedupIndex dedup;
    private final int maxRepairTurns;

    ProposalEngine(LlmClient client, PromptLibrary library, PromptBuilder prompts, ReplyParser parser,
                   LossCodeValidator validator, DedupIndex dedup, int maxRepairTurns) {
        this.client = Objects.requireNonNull(client, "client");
        this.library = Objects.requireNonNull(library, "library");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.dedup = Objects.requireNonNull(dedup, "dedup");
        this.maxRepairTurns = maxRepairTurns;
    }

    /**
     * @throws PromptTemplateException when the templates cannot be rendered (a configuration error,
     *                                 not the model's fault: nothing is sent)
     */
    ProposalOutcome run(ProposalRequest request) {
        String proposalId = UUID.randomUUID().toString();
        PromptSet templates = PromptSet.load(library, request.taskName());
        RenderedPrompt prompt = prompts.build(templates, request);
        String parentId = request.parent() == null ? null : request.parent().id();
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(prompt.system()));
        messages.add(UserMessage.from(prompt.user()));

        List<LlmCallRecord> calls = new ArrayList<>();
        long inputTokens = 0;
        long outputTokens = 0;
        ParsedReply lastParsed = null;
        String lastError = null;
        CodeVerdict.Rejected lastRejection = null;
        for (int turn = 0; turn <= maxRepairTurns; turn++) {
            LlmReply reply;
            try {
                reply = client.send(messages, new CallContext(request.campaignId(), proposalId, templates.hash(),
                        turn == 0 ? CallPurpose.PROPOSE : CallPurpose.REPAIR, turn));
            } catch (LlmUnavailableException e) {
                calls.addAll(e.calls());
                return new ProposalOutcome.Unavailable(proposalId, e.getMessage(), e.lastOutcome(), calls);
            } catch (LlmBudgetExhaustedException e) {
                calls.addAll(e.calls());
                return new ProposalOutcome.BudgetSpent(proposalId, e.getMessage(), calls);
            }
            calls.addAll(reply.calls());
            inputTokens += reply.inputTokens();
            outputTokens += reply.outputTokens();
            messages.add(AiMessage.from(reply.text().isEmpty() ? "(empty reply)" : reply.text()));

            String error;
            String advice;
            lastRejection = null;
            try {
                ParsedReply parsed = parser.parse(reply.text());
                lastParsed = parsed;
                String codeHash = JavaText.codeHash(parsed.code());
                var sameCode = dedup.sameCodeAs(codeHash);
                if (sameCode.isPresent()) {
                    throw new UnusableReplyException(UnusableReplyException.Kind.DUPLICATE,
                            "This code is the same as that of candidate '" + sameCode.get()
                                    + "', which the campaign already holds.");
                }
                if (request.lookup().codeKnown(parsed.code())) {
                    throw new UnusableReplyException(UnusableReplyException.Kind.DUPLICATE,
                            "This code is the same as that of a candidate the campaign already holds.");
                }
                CodeVerdict verdict = validator.validate(parsed.code());
                if (verdict instanceof CodeVerdict.Rejected rejected) {
                    lastRejection = rejected;
                    error = "The sandbox rejected the code (" + rejected.kind() + "): " + rejected.message();
                    advice = RepairAdvice.forRejection(rejected.kind(), rejected.message());
                } else {
                    CodeVerdict.Accepted accepted = (CodeVerdict.Accepted) verdict;
                    DedupIndex.Registration registration = dedup.register(parsed.name(), codeHash, accepted.fingerprint(),
                            request.lookup());
                    if (registration instanceof DedupIndex.Registration.Registered registered) {
                        List<String> fixes = new ArrayList<>(parsed.fixes());
                        if (!registered.name().equals(parsed.name())) {
                            fixes.add("name '" + parsed.name() + "' was taken: renamed to '" + registered.name() + "'");
                        }
                        return new ProposalOutcome.Proposed(new Proposal(proposalId, parsed.thought(), registered.name(),
                                parsed.code(), codeHash, accepted.fingerprint(), accepted.detail(),
                                templates.hash(), parentId, client.settings().provider().id() + "/"
                                + client.settings().modelName(), inputTokens, outputTokens, turn, fixes, calls));
                    }
                    DedupIndex.Registration.Duplicate duplicate = (DedupIndex.Registration.Duplicate) registration;
                    error = duplicate.sameBehaviour()
                            ? "This loss computes the same function as candidate '" + duplicate.of()
                            + "' (identical values and gradients on the probe batch), however differently it is written."
                            : "This code is the same as that of candidate '" + duplicate.of() + "'.";
                    advice = RepairAdvice.forUnusable(UnusableReplyException.Kind.DUPLICATE);
                }
            } catch (UnusableReplyException e) {
                error = e.getMessage();
                advice = RepairAdvice.forUnusable(e.kind());
                if (reply.truncated()) {
                    error = "Your reply was cut off at the limit of " + client.settings().maxOutputTokens()
                            + " output tokens. Keep the thought short and the code compact. (" + error + ")";
                }
            }
            lastError = error;
            LOG.debug("proposal {} turn {} of campaign {} unusable: {}", proposalId, turn, request.campaignId(), error);
            if (turn < maxRepairTurns) {
                messages.add(UserMessage.from(prompts.repair(templates, error, advice, turn + 1, maxRepairTurns)));
            }
        }
        return new ProposalOutcome.Failed(proposalId, lastParsed, lastError, lastRejection, templates.hash(), parentId,
                maxRepairTurns,
                inputTokens, outputTokens, calls);
    }
}
