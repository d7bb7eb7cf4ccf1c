package dev.lossforge.service.proposer.llm;

import dev.langchain4j.model.chat.ChatModel;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Opens the LLM proposer of a campaign: resolves its key, builds its LangChain4j client and wires
 * the prompt, parsing, validation and deduplication around it.
 */
public final class LlmProposerFactory {

    private final LlmEnvironment environment;
    private final ApiKeyResolver keys;
    private final ChatModelFactory models;
    private final LossCodeValidator validator;
    private final Supplier<String> exampleLoss;
    private final Sleeper sleeper;

    /** With the process environment for keys, the built-in DPO as the example, and real sleeps. */
    public LlmProposerFactory(LlmEnvironment environment, LossCodeValidator validator) {
        this(environment, ApiKeyResolver.fromSystemEnvironment(), new ChatModelFactory(), validator, ExampleLoss::dpo,
                Sleeper.real());
    }

    public LlmProposerFactory(LlmEnvironment environment, ApiKeyResolver keys, ChatModelFactory models,
                              LossCodeValidator validator, Supplier<String> exampleLoss, Sleeper sleeper) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.models = Objects.requireNonNull(models, "models");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.exampleLoss = Objects.requireNonNull(exampleLoss, "exampleLoss");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * @param alreadySpent usage of the campaign's earlier calls (summed from {@code llm_call} on a restart)
     * @param recorder     receives every call as it ends
     * @throws LlmConfigurationException when the key's environment variable is unset, naming it
     */
    public LlmCampaignProposer open(String campaignId, LlmProposerSettings settings, LlmUsage alreadySpent,
                                    CallRecorder recorder) {
        Optional<ApiKey> key = keys.resolve(settings.model());
        ChatModel model = models.create(settings.model(), key);
        UsageLedger ledger = new UsageLedger(settings.budget(), alreadySpent);
        LlmClient client = new LlmClient(model, settings.model(), key, environment.retry(), environment.prices(), ledger,
                recorder, sleeper, () -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC());
        DedupIndex dedup = new DedupIndex();
        ProposalEngine engine = new ProposalEngine(client, new PromptLibrary(environment.promptsDir()),
                new PromptBuilder(new TokenEstimator(), settings.context(), exampleLoss), new ReplyParser(), validator,
                dedup, settings.maxRepairTurns());
        return new LlmCampaignProposer(campaignId, engine, client, dedup, settings.concurrency());
    }
}
