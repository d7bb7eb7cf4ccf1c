package dev.lossforge.service.proposer.llm;

import dev.lossforge.sandbox.LossRejectedException;
import dev.lossforge.service.campaign.Campaign;
import dev.lossforge.service.campaign.CampaignStatus;
import dev.lossforge.service.campaign.CampaignStatusChanged;
import dev.lossforge.service.candidate.CodeCheck;
import dev.lossforge.service.candidate.LossChecker;
import dev.lossforge.service.proposer.Proposal;
import dev.lossforge.service.proposer.ProposalContext;
import dev.lossforge.service.proposer.Proposer;
import dev.lossforge.service.proposer.ProposerExhaustedException;
import dev.lossforge.service.proposer.ProposerSettings;
import dev.lossforge.service.proposer.ProposerUnavailableException;
import dev.lossforge.service.web.InvalidRequestException;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code llm} proposer: DiscoPOP's loop. Each running campaign gets its own
 * {@link LlmCampaignProposer} (LangChain4j client, usage ledger seeded from {@code llm_call},
 * deduplication index), opened on its first proposal and closed when the campaign stops running.
 * The campaign driver calls {@link #propose} on its own threads, at most the campaign's
 * {@code concurrency} at once.
 *
 * <p>Decisions:
 * <ul>
 *   <li>A proposal whose repair turns are all spent is stored as an INVALID candidate (its last
 *       code and the sandbox's verdict on it, or no code and the last parse error) and charges the
 *       candidate budget: the model learns from it in the next prompts, and a model that never
 *       writes a valid loss still ends its campaign instead of spending tokens forever. Repair
 *       turns themselves charge only the token budget.</li>
 *   <li>A model that stays unreachable (retries spent, or a wrong key) pauses the campaign with the
 *       reason; resuming opens a new client.</li>
 *   <li>A spent token or cost budget ends the campaign's proposing with the reason; the campaign
 *       evaluates what it holds and completes with that reason.</li>
 * </ul>
 */
@Component
class LlmProposer implements Proposer {

    private static final Logger log = LoggerFactory.getLogger(LlmProposer.class);
    private static final int MAX_HYPOTHESIS = 240;

    private final LlmProposerSettings defaults;
    private final LlmEnvironment environment;
    private final ApiKeyResolver keys;
    private final LossCodeValidator validator;
    private final LlmCallRepository calls;
    private final Map<Long, Open> open = new ConcurrentHashMap<>();

    LlmProposer(LlmProperties properties, ApiKeyResolver keys, LossChecker checker, LlmCallRepository calls) {
        this.defaults = properties.toSettings();
        this.environment = properties.toEnvironment();
        this.keys = keys;
        this.validator = new CheckerCodeValidator(checker);
        this.calls = calls;
    }

    /** A campaign's open proposer and the ids of the {@code llm_call} rows of its proposals in flight. */
    private record Open(LlmCampaignProposer proposer, LlmCampaignConfig config, Map<String, List<Long>> callIds) {

        List<Long> takeCallIds(String proposalId) {
            List<Long> ids = callIds.remove(proposalId);
            return ids == null ? List.of() : ids;
        }
    }

    @Override
    public String name() {
        return "llm";
    }

    @Override
    public void validateConfig(Map<String, Object> config) {
        resolveConfig(config);
    }

    /**
     * Completes the request's settings with the defaults and checks that the key's environment
     * variable is set (the key itself is neither read into the campaign nor echoed).
     */
    @Override
    public ProposerSettings resolveConfig(Map<String, Object> config) {
        LlmCampaignConfig parsed = LlmCampaignConfig.parse(config, defaults, environment.prices());
        try {
            keys.resolve(parsed.settings().model());
        } catch (LlmConfigurationException e) {
            throw LlmCampaignConfig.invalid(e);
        }
        return new ProposerSettings(parsed.toMap(), parsed.settings().budget().maxTokens(),
                parsed.settings().budget().maxCostUsd());
    }

    @Override
    public int maxInFlight(Campaign campaign) {
        Open current = open.get(campaign.id());
        if (current != null) {
            return current.config().settings().concurrency();
        }
        try {
            return config(campaign).settings().concurrency();
        } catch (RuntimeException e) {
            // settings that no longer parse fail the first proposal with a clear reason
            return 1;
        }
    }

    @Override
    public Optional<Proposal> propose(ProposalContext context)
            throws ProposerUnavailableException, ProposerExhaustedException {
        Campaign campaign = context.campaign();
        Open current;
        try {
            current = open(campaign);
        } catch (InvalidRequestException | LlmConfigurationException e) {
            throw new ProposerUnavailableException("its LLM settings cannot be used: " + e.getMessage(), e);
        }
        Optional<String> spent = current.proposer().budgetExhausted();
        if (spent.isPresent()) {
            throw new ProposerExhaustedException(spent.get());
        }
        ProposalOutcome outcome;
        try {
            outcome = current.proposer().proposeNow(ContextRequests.build(context, current.config()));
        } catch (PromptTemplateException e) {
            throw new ProposerUnavailableException("its prompt templates cannot be used: " + e.getMessage(), e);
        }
        List<Long> callIds = current.takeCallIds(outcome.proposalId());
        if (outcome instanceof ProposalOutcome.Proposed proposed) {
            return Optional.of(proposal(proposed.proposal(), callIds));
        }
        if (outcome instanceof ProposalOutcome.Failed failed) {
            return Optional.of(failure(context, failed, callIds));
        }
        if (outcome instanceof ProposalOutcome.BudgetSpent budget) {
            throw new ProposerExhaustedException(budget.reason());
        }
        ProposalOutcome.Unavailable unavailable = (ProposalOutcome.Unavailable) outcome;
        close(campaign.id());
        throw new ProposerUnavailableException(unavailable.reason());
    }

    /** Running campaigns keep their client; any other status lets it go (a resumed one opens a new one). */
    @EventListener
    void onStatus(CampaignStatusChanged change) {
        if (change.to() != CampaignStatus.RUNNING) {
            close(change.campaignId());
        }
    }

    @PreDestroy
    void closeAll() {
        List.copyOf(open.keySet()).forEach(this::close);
    }

    private void close(long campaignId) {
        Open current = open.remove(campaignId);
        if (current != null) {
            current.proposer().close();
        }
    }

    private LlmCampaignConfig config(Campaign campaign) {
        return LlmCampaignConfig.parse(campaign.proposerConfig(), defaults, environment.prices());
    }

    private Open open(Campaign campaign) {
        return open.computeIfAbsent(campaign.id(), id -> {
            LlmCampaignConfig config = config(campaign);
            Map<String, List<Long>> callIds = new ConcurrentHashMap<>();
            CallRecorder recorder = call -> {
                long row = calls.insert(id, call);
                callIds.computeIfAbsent(call.proposalId(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(row);
            };
            LlmProposerFactory factory = new LlmProposerFactory(config.environment(environment), keys,
                    new ChatModelFactory(), validator, ExampleLoss::dpo, Sleeper.real());
            LlmCampaignProposer proposer = factory.open(String.valueOf(id), config.settings(), calls.usage(id), recorder);
            ModelSettings model = config.settings().model();
            log.info("Campaign {}: LLM proposer on {} model {} at {} (key from {}), {} in flight, {} repair turns",
                    id, model.provider().id(), model.modelName(), model.effectiveBaseUrl(),
                    model.effectiveApiKeyEnv() == null ? "nowhere" : model.effectiveApiKeyEnv(),
                    config.settings().concurrency(), config.settings().maxRepairTurns());
            return new Open(proposer, config, callIds);
        });
    }

    private static Proposal proposal(dev.lossforge.service.proposer.llm.Proposal p, List<Long> callIds) {
        CodeCheck check = p.validation() instanceof CodeCheck c ? c : null;
        return new Proposal(p.name(), hypothesis(p.thought()), blankToNull(p.thought()), p.code(),
                p.parentId() == null ? List.of() : List.of(Long.parseLong(p.parentId())), p.promptHash(), check,
                callIds);
    }

    /** Every repair turn spent: an INVALID candidate, so that the budget is charged and the next prompts show why. */
    private static Proposal failure(ProposalContext context, ProposalOutcome.Failed f, List<Long> callIds) {
        List<Long> parents = f.parentId() == null ? List.of() : List.of(Long.parseLong(f.parentId()));
        String turns = f.repairTurns() + (f.repairTurns() == 1 ? " repair turn" : " repair turns");
        ParsedReply reply = f.lastReply();
        if (reply == null) {
            String reason = "no usable loss in the model's replies after " + turns + "; last: " + f.lastError();
            String name = uniqueName(context, "unusable-reply-" + f.proposalId().substring(0, 8));
            return new Proposal(name, "the model gave no usable loss", null, "", parents, f.promptHash(),
                    CodeCheck.rejected(new LossRejectedException(LossRejectedException.Kind.NOT_JAVA, reason)), callIds);
        }
        CodeCheck check = f.lastRejection() != null && f.lastRejection().detail() instanceof CodeCheck c
                ? c : context.check(reply.code());
        return new Proposal(uniqueName(context, reply.name()), hypothesis(reply.thought()),
                blankToNull(reply.thought()), reply.code(), parents, f.promptHash(), check, callIds);
    }

    private static String uniqueName(ProposalContext context, String name) {
        String unique = name;
        for (int i = 2; context.nameTaken(unique); i++) {
            unique = name + "-" + i;
        }
        return unique;
    }

    /** The thought's first sentence, as the one line the leaderboard shows. */
    static String hypothesis(String thought) {
        if (thought == null || thought.isBlank()) {
            return null;
        }
        String oneLine = thought.replaceAll("\\s+", " ").trim();
        int end = oneLine.indexOf(". ");
        String first = end > 0 ? oneLine.substring(0, end + 1) : oneLine;
        return first.length() <= MAX_HYPOTHESIS ? first : first.substring(0, MAX_HYPOTHESIS - 3) + "...";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
