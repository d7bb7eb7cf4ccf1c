package dev.lossforge.service.proposer.llm;

import dev.lossforge.service.proposer.llm.FakeLlmServer.Step;
import dev.lossforge.service.proposer.llm.ProposalOutcome.BudgetSpent;
import dev.lossforge.service.proposer.llm.ProposalOutcome.Failed;
import dev.lossforge.service.proposer.llm.ProposalOutcome.Proposed;
import dev.lossforge.service.proposer.llm.ProposalOutcome.Unavailable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whole proposals through the real LangChain4j clients against the fake server, with the real
 * prompt templates of {@code prompts/} and the real sandbox (compile, smoke test, fingerprint).
 */
class LlmProposerTest {

    static final Path PROMPTS = Path.of("..", "prompts");
    private static final String KEY = "sk-proposer-test-9f8e7d6c5b4a3210";
    private static final SandboxCodeValidator SANDBOX = new SandboxCodeValidator();
    /** The real sandbox, keeping what it said so that tests can look for its exact words in repair turns. */
    private final List<CodeVerdict> verdicts = new CopyOnWriteArrayList<>();
    private final LossCodeValidator validator = code -> {
        CodeVerdict verdict = SANDBOX.validate(code);
        verdicts.add(verdict);
        return verdict;
    };

    private FakeLlmServer server;
    private final List<LlmCallRecord> recorded = new CopyOnWriteArrayList<>();
    private final List<LlmCampaignProposer> opened = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeLlmServer();
    }

    @AfterEach
    void stop() {
        opened.forEach(LlmCampaignProposer::close);
        server.close();
    }

    private LlmCampaignProposer proposer(LlmProvider provider, int repairs, int concurrency, LlmBudget budget,
                                         Path prompts, Duration timeout) {
        ModelSettings model = new ModelSettings(provider, server.baseUrlFor(provider), "fake-model", 0.8, 2048,
                timeout, provider == LlmProvider.OLLAMA ? null : "LOSSFORGE_TEST_KEY");
        LlmProposerSettings settings = new LlmProposerSettings(model, repairs, concurrency, ContextLimits.defaults(), budget);
        RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), 2.0, 0.5);
        LlmProposerFactory factory = new LlmProposerFactory(
                new LlmEnvironment(prompts, retry, new PriceTable(Map.of("fake-model", ModelPrice.of("3", "15")))),
                new ApiKeyResolver(Map.of("LOSSFORGE_TEST_KEY", KEY)::get), new ChatModelFactory(), validator,
                ExampleLoss::dpo, d -> { });
        LlmCampaignProposer proposer = factory.open("campaign-1", settings, LlmUsage.zero(), recorded::add);
        opened.add(proposer);
        return proposer;
    }

    private LlmCampaignProposer proposer(LlmProvider provider, int repairs) {
        return proposer(provider, repairs, 2, LlmBudget.unlimited(), PROMPTS, Duration.ofSeconds(20));
    }

    static ProposalRequest request(ParentCandidate parent) {
        List<CandidateSummary> candidates = List.of(
                new CandidateSummary("1", "dpo", true, "EVALUATED", 0.4120, 0.3905, 0.4335, null, null, 1),
                new CandidateSummary("2", "ipo", true, "EVALUATED", 0.3870, 0.3650, 0.4090, null, null, 2),
                new CandidateSummary("3", "soft-margin", false, "EVALUATED", 0.4410, 0.4222, 0.4598,
                        "a margin of 0.5 nats", null, 3),
                new CandidateSummary("4", "exp-gate", false, "INVALID", null, null, null, "gate with exp",
                        "line 7, column 12: A method named \"expm1\" is not declared in any enclosing class", 4));
        return new ProposalRequest("campaign-1", "bandit:noisy-40", Map.of("pairs", 2000), 0.1, "true_reward_gain",
                candidates, parent);
    }

    private static ProposalOutcome await(CompletableFuture<ProposalOutcome> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(value = LlmProvider.class, names = {"OPENAI", "ANTHROPIC", "OLLAMA"})
    void aGoodFirstReplyBecomesAProposalWithItsThoughtNameCodeHashAndTokens(LlmProvider provider) throws Exception {
        server.then(Step.reply(Sources.reply("Subtract a margin so that easy pairs stop pulling.", "Margin Logistic",
                Sources.MARGIN), 1_234, 321));

        ProposalOutcome outcome = await(proposer(provider, 2).propose(request(null)));

        assertThat(outcome).isInstanceOf(Proposed.class);
        Proposal proposal = ((Proposed) outcome).proposal();
        assertThat(proposal.thought()).isEqualTo("Subtract a margin so that easy pairs stop pulling.");
        assertThat(proposal.name()).isEqualTo("margin-logistic");
        assertThat(proposal.code()).isEqualTo(Sources.MARGIN.strip());
        assertThat(proposal.codeHash()).isEqualTo(JavaText.codeHash(Sources.MARGIN));
        assertThat(proposal.fingerprint()).isNotBlank();
        assertThat(proposal.promptHash()).isEqualTo(expectedHash("task-bandit.md"));
        assertThat(proposal.inputTokens()).isEqualTo(1_234);
        assertThat(proposal.outputTokens()).isEqualTo(321);
        assertThat(proposal.repairTurns()).isZero();
        assertThat(proposal.model()).isEqualTo(provider.id() + "/fake-model");
        assertThat(proposal.calls()).singleElement().satisfies(call -> {
            assertThat(call.purpose()).isEqualTo(CallPurpose.PROPOSE);
            assertThat(call.proposalId()).isEqualTo(proposal.proposalId());
            // by hand: 1234 * 3e-6 + 321 * 15e-6 = 0.003702 + 0.004815
            assertThat(call.costUsd()).isEqualByComparingTo("0.008517");
            assertThat(call.promptHash()).isEqualTo(proposal.promptHash());
            assertThat(call.request()).extracting(PromptMessage::role).containsExactly("system", "user");
            assertThat(call.request().get(1).text()).startsWith("# The task: bandit:noisy-40");
            assertThat(call.response()).startsWith("{\"thought\":\"Subtract a margin");
        });
        assertThat(recorded).hasSize(1);

        FakeLlmServer.Received request = server.requests().get(0);
        assertThat(request.roles()).containsExactly("system", "user");
        String system = request.messageTexts().get(0);
        assertThat(system).contains("public final class DpoLoss implements PreferenceLoss")
                .contains("Ops.softplus(logits.neg())")
                .doesNotContain("package dev.lossforge.loss.builtin")
                .contains("No loops").contains("lambdas").contains("static final double")
                .contains("{\"thought\":");
        String user = request.messageTexts().get(1);
        assertThat(user).contains("# The task: bandit:noisy-40").contains("beta = 0.1; pairs = 2000")
                .contains("`true_reward_gain`")
                .contains("- dpo: fitness 0.4120, 95% CI [0.3905, 0.4335]")
                .contains("- soft-margin: fitness 0.4410, 95% CI [0.4222, 0.4598] (idea: a margin of 0.5 nats)")
                .contains("- exp-gate [INVALID]: error: line 7, column 12: A method named \"expm1\" is not declared")
                .contains("# Your answer");
    }

    /** SHA-256 of the templates as the files read, in the documented order. */
    static String expectedHash(String taskFile) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (String file : List.of("system.md", taskFile, "feedback.md", "parent.md", "output-contract.md", "repair.md")) {
            byte[] name = file.getBytes(StandardCharsets.UTF_8);
            byte[] text = Files.readAllBytes(PROMPTS.resolve(file));
            digest.update((name.length + ":" + text.length + ":").getBytes(StandardCharsets.UTF_8));
            digest.update(name);
            digest.update(text);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void invalidJsonGetsARepairTurnThatDoesNotCountAsACandidateButCountsItsTokens() throws Exception {
        server.then(Step.reply("I would try a margin. {\"thought\": \"margin\", \"name\": ", 1_000, 40),
                Step.reply(Sources.reply("A margin.", "margin", Sources.MARGIN), 1_500, 300));

        ProposalOutcome outcome = await(proposer(LlmProvider.OPENAI, 2).propose(request(null)));

        Proposal proposal = ((Proposed) outcome).proposal();
        assertThat(proposal.repairTurns()).isEqualTo(1);
        assertThat(proposal.inputTokens()).isEqualTo(2_500);
        assertThat(proposal.outputTokens()).isEqualTo(340);
        assertThat(proposal.calls()).extracting(LlmCallRecord::purpose).containsExactly(CallPurpose.PROPOSE, CallPurpose.REPAIR);
        FakeLlmServer.Received repair = server.requests().get(1);
        assertThat(repair.roles()).containsExactly("system", "user", "assistant", "user");
        assertThat(repair.messageTexts().get(2)).startsWith("I would try a margin.");
        assertThat(repair.lastMessageText()).contains("(repair 1 of 2)")
                .contains("I found neither a JSON object with a \"code\" field nor a Java class");
    }

    @Test
    void pythonCodeGetsARepairTurnAskingForJava() throws Exception {
        server.then(Step.reply(Sources.reply("DPO in PyTorch.", "dpo-torch", Sources.PYTHON)),
                Step.reply(Sources.reply("Tempered DPO.", "tempered", Sources.TEMPERED)));

        ProposalOutcome outcome = await(proposer(LlmProvider.OPENAI, 2).propose(request(null)));

        assertThat(((Proposed) outcome).proposal().name()).isEqualTo("tempered");
        assertThat(server.requests().get(1).lastMessageText()).contains("The code is Python. Write Java");
    }

    @ParameterizedTest
    @EnumSource(value = LlmProvider.class, names = {"OPENAI", "ANTHROPIC", "OLLAMA"})
    void codeThatDoesNotCompileGetsARepairTurnQuotingTheCompilersExactError(LlmProvider provider) throws Exception {
        server.then(Step.reply(Sources.reply("A soft log.", "soft-log", Sources.DOES_NOT_COMPILE)),
                Step.reply(Sources.reply("A margin.", "margin", Sources.MARGIN)));

        ProposalOutcome outcome = await(proposer(provider, 2).propose(request(null)));

        assertThat(outcome).isInstanceOf(Proposed.class);
        CodeVerdict.Rejected compilerSays = (CodeVerdict.Rejected) verdicts.get(0);
        assertThat(compilerSays.kind()).isEqualTo("COMPILE");
        String repairTurn = server.requests().get(1).lastMessageText();
        assertThat(compilerSays.message()).startsWith("line 9, column ").contains("logSoftplusOf");
        assertThat(repairTurn).contains("The sandbox rejected the code (COMPILE): " + compilerSays.message());
        assertThat(server.requests().get(1).roles()).containsSubsequence("user", "assistant", "user");
    }

    @Test
    void aLossThatReturnsNaNGetsARepairTurnQuotingTheSmokeTest() throws Exception {
        server.then(Step.reply(Sources.reply("Log of a negative.", "nan-loss", Sources.NAN)),
                Step.reply(Sources.reply("A margin.", "margin", Sources.MARGIN)));

        ProposalOutcome outcome = await(proposer(LlmProvider.OPENAI, 2).propose(request(null)));

        assertThat(((Proposed) outcome).proposal().repairTurns()).isEqualTo(1);
        CodeVerdict.Rejected smokeTestSays = (CodeVerdict.Rejected) verdicts.get(0);
        assertThat(smokeTestSays.kind()).isEqualTo("SMOKE_TEST");
        assertThat(smokeTestSays.message()).containsIgnoringCase("nan");
        assertThat(server.requests().get(1).lastMessageText())
                .contains("The sandbox rejected the code (SMOKE_TEST): " + smokeTestSays.message())
                .contains("never take log or sqrt of a value that can be 0 or negative");
    }

    @Test
    void whenEveryRepairFailsTheOutcomeCarriesTheLastCodeAndItsError() throws Exception {
        server.then(Step.reply(Sources.reply("x", "nan-1", Sources.NAN)),
                Step.reply(Sources.reply("y", "broken", Sources.DOES_NOT_COMPILE)));

        ProposalOutcome outcome = await(proposer(LlmProvider.OPENAI, 1).propose(request(null)));

        assertThat(outcome).isInstanceOf(Failed.class);
        Failed failed = (Failed) outcome;
        assertThat(failed.lastReply().name()).isEqualTo("broken");
        assertThat(failed.lastError()).contains("(COMPILE): line 9, column");
        assertThat(failed.lastRejection().kind()).isEqualTo("COMPILE");
        assertThat(failed.lastRejection().line()).isEqualTo(9);
        assertThat(failed.repairTurns()).isEqualTo(1);
        assertThat(failed.calls()).hasSize(2);
        assertThat(failed.inputTokens()).isEqualTo(200);
        assertThat(failed.promptHash()).isEqualTo(expectedHash("task-bandit.md"));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aRateLimitThenSuccessStillProposes() throws Exception {
        server.then(Step.error(429, "slow down"), Step.reply(Sources.reply("A margin.", "margin", Sources.MARGIN)));

        Proposal proposal = ((Proposed) await(proposer(LlmProvider.ANTHROPIC, 1).propose(request(null)))).proposal();

        assertThat(proposal.calls()).extracting(LlmCallRecord::outcome).containsExactly(CallOutcome.RATE_LIMITED, CallOutcome.OK);
        assertThat(recorded).hasSize(2);
    }

    @Test
    void aServerErrorStormMakesTheModelUnavailableWithTheReason() throws Exception {
        server.whenEmpty(Step.error(503, "model overloaded"));

        ProposalOutcome outcome = await(proposer(LlmProvider.OPENAI, 2).propose(request(null)));

        assertThat(outcome).isInstanceOf(Unavailable.class);
        Unavailable unavailable = (Unavailable) outcome;
        assertThat(unavailable.reason()).startsWith("LLM unavailable: openai model fake-model at http://127.0.0.1:")
                .contains("failed 3 tries").contains("server error (HTTP 503)").contains("model overloaded");
        assertThat(unavailable.lastOutcome()).isEqualTo(CallOutcome.SERVER_ERROR);
        assertThat(unavailable.calls()).hasSize(3);
    }

    @Test
    void aModelThatAlwaysTimesOutIsUnavailable() throws Exception {
        server.whenEmpty(Step.reply("late").delayed(2_000));
        LlmCampaignProposer proposer = proposer(LlmProvider.OLLAMA, 1, 1, LlmBudget.unlimited(), PROMPTS,
                Duration.ofMillis(300));

        ProposalOutcome outcome = await(proposer.propose(request(null)));

        assertThat(outcome).isInstanceOf(Unavailable.class);
        assertThat(((Unavailable) outcome).lastOutcome()).isEqualTo(CallOutcome.TIMEOUT);
        assertThat(outcome.calls()).hasSize(3).allSatisfy(c -> assertThat(c.outcome()).isEqualTo(CallOutcome.TIMEOUT));
    }

    @Test
    void aWrongKeyIsUnavailableAtOnceAndTheKeyAppearsNowhere() throws Exception {
        server.whenEmpty(Step.error(401, "Incorrect API key provided: " + KEY));

        ProposalOutcome outcome = await(proposer(LlmProvider.OPENAI, 2).propose(request(null)));

        Unavailable unavailable = (Unavailable) outcome;
        assertThat(unavailable.lastOutcome()).isEqualTo(CallOutcome.AUTHENTICATION_FAILED);
        assertThat(server.requests()).hasSize(1);
        assertThat(unavailable.toString()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 10));
        assertThat(recorded.toString()).doesNotContain(KEY);
    }

    @Test
    void repairsCountAgainstTheTokenBudgetAndASpentBudgetEndsTheProposal() throws Exception {
        server.then(Step.reply("not json at all", 700, 100), Step.reply("still not", 700, 100));
        LlmCampaignProposer proposer = proposer(LlmProvider.OPENAI, 3, 1, new LlmBudget(1_500L, null), PROMPTS,
                Duration.ofSeconds(20));

        ProposalOutcome outcome = await(proposer.propose(request(null)));

        assertThat(outcome).isInstanceOf(BudgetSpent.class);
        assertThat(((BudgetSpent) outcome).reason()).contains("1600 of 1500 tokens");
        assertThat(server.requests()).hasSize(2);
        assertThat(proposer.usage().totalTokens()).isEqualTo(1_600);
        assertThat(proposer.budgetExhausted()).isPresent();
    }

    @Test
    void codeTheCampaignAlreadyHoldsGetsARepairTurnAndATakenNameIsSuffixed() throws Exception {
        LlmCampaignProposer proposer = proposer(LlmProvider.OPENAI, 2);
        proposer.dedup().noteExisting("margin", Sources.MARGIN, null);
        String reformatted = "// same loss, new comment\n" + Sources.MARGIN.replace("    ", "  ");
        server.then(Step.reply(Sources.reply("A margin.", "margin-v2", reformatted)),
                Step.reply(Sources.reply("Tempered.", "margin", Sources.TEMPERED)));

        Proposal proposal = ((Proposed) await(proposer.propose(request(null)))).proposal();

        assertThat(server.requests().get(1).lastMessageText())
                .contains("This code is the same as that of candidate 'margin'")
                .contains("change the functional form");
        assertThat(proposal.name()).isEqualTo("margin-2");
        assertThat(proposal.fixes()).contains("name 'margin' was taken: renamed to 'margin-2'");
    }

    @Test
    void theCampaignsStoreIsAskedForCodeAndNamesTheProposerHasNotSeen() throws Exception {
        CampaignLookup store = new CampaignLookup() {
            @Override
            public boolean codeKnown(String code) {
                return JavaText.codeHash(code).equals(JavaText.codeHash(Sources.MARGIN));
            }

            @Override
            public boolean nameTaken(String name) {
                return name.equals("tempered") || name.equals("tempered-2");
            }
        };
        ProposalRequest base = request(null);
        ProposalRequest withStore = new ProposalRequest(base.campaignId(), base.task(), base.taskSettings(), base.beta(),
                base.fitnessMetric(), base.candidates(), 5_000, null, store);
        server.then(Step.reply(Sources.reply("Margin.", "margin", Sources.MARGIN)),
                Step.reply(Sources.reply("Tempered.", "tempered", Sources.TEMPERED)));

        ProposalOutcome outcome = proposer(LlmProvider.OPENAI, 1).proposeNow(withStore);

        assertThat(server.requests().get(0).lastMessageText())
                .contains("The campaign holds 5000 candidates;\n4 are shown below and 4996 are left out");
        assertThat(server.requests().get(1).lastMessageText())
                .contains("This code is the same as that of a candidate the campaign already holds.");
        assertThat(((Proposed) outcome).proposal().name()).isEqualTo("tempered-3");
    }

    @Test
    void proposeNowRunsOnTheCallersThreadAndTakesASlot() throws Exception {
        server.then(Step.reply(Sources.reply("a", "margin", Sources.MARGIN)).delayed(700),
                Step.reply(Sources.reply("b", "tempered", Sources.TEMPERED)));
        LlmCampaignProposer proposer = proposer(LlmProvider.OPENAI, 0, 1, LlmBudget.unlimited(), PROMPTS,
                Duration.ofSeconds(20));
        CompletableFuture<ProposalOutcome> first = proposer.propose(request(null));

        assertThatThrownBy(() -> proposer.proposeNow(request(null))).isInstanceOf(ProposerBusyException.class);
        await(first);
        ProposalOutcome second = proposer.proposeNow(request(null));

        assertThat(((Proposed) second).proposal().name()).isEqualTo("tempered");
        assertThat(proposer.freeSlots()).isEqualTo(1);
    }

    @Test
    void aLossThatBehavesLikeAKnownOneIsADuplicateHoweverItIsWritten() throws Exception {
        LlmCampaignProposer proposer = proposer(LlmProvider.OPENAI, 1);
        String fingerprint = ((CodeVerdict.Accepted) SANDBOX.validate(Sources.DPO)).fingerprint();
        proposer.dedup().noteExisting("dpo", null, fingerprint);
        String dpoAsLogSigmoid = Sources.DPO.replace("TestDpo", "OtherDpo")
                .replace("Ops.softplus(Ops.logRatioDifference(batch).mul(batch.beta()).neg())",
                        "Ops.logSigmoid(Ops.logRatioDifference(batch).mul(batch.beta())).neg()");
        server.then(Step.reply(Sources.reply("DPO again.", "other-dpo", dpoAsLogSigmoid)),
                Step.reply(Sources.reply("Margin.", "margin", Sources.MARGIN)));

        await(proposer.propose(request(null)));

        assertThat(server.requests().get(1).lastMessageText()).contains("computes the same function as candidate 'dpo'");
    }

    @Test
    void aParentToImproveIsShownWithItsCode() throws Exception {
        server.then(Step.reply(Sources.reply("Temper the margin.", "tempered", Sources.TEMPERED)));
        ParentCandidate parent = new ParentCandidate("3", "soft-margin", "a margin of 0.5 nats", Sources.MARGIN,
                0.441, 0.4222, 0.4598);

        Proposal proposal = ((Proposed) await(proposer(LlmProvider.OPENAI, 1).propose(request(parent)))).proposal();

        assertThat(proposal.parentId()).isEqualTo("3");
        assertThat(server.requests().get(0).lastMessageText())
                .contains("Improve on `soft-margin` (fitness 0.4410, 95% CI [0.4222, 0.4598])")
                .contains("Its idea was: a margin of 0.5 nats")
                .contains("private static final double MARGIN = 0.5;");
    }

    @Test
    void severalProposalsRunAtOnceUpToTheConcurrencyAndNoMore() throws Exception {
        server.holdUntilConcurrent(3).then(Step.reply(Sources.reply("a", "margin", Sources.MARGIN)),
                Step.reply(Sources.reply("b", "tempered", Sources.TEMPERED)),
                Step.reply(Sources.reply("c", "dpo-copy", Sources.DPO)));
        LlmCampaignProposer proposer = proposer(LlmProvider.OPENAI, 0, 3, LlmBudget.unlimited(), PROMPTS,
                Duration.ofSeconds(20));

        List<CompletableFuture<ProposalOutcome>> futures = List.of(
                proposer.propose(request(null)), proposer.propose(request(null)), proposer.propose(request(null)));
        assertThat(proposer.freeSlots()).isZero();
        assertThatThrownBy(() -> proposer.propose(request(null))).isInstanceOf(ProposerBusyException.class);

        List<String> names = new ArrayList<>();
        for (CompletableFuture<ProposalOutcome> future : futures) {
            names.add(((Proposed) await(future)).proposal().name());
        }
        assertThat(names).containsExactlyInAnyOrder("margin", "tempered", "dpo-copy");
        assertThat(server.maxConcurrentRequests()).isEqualTo(3);
        assertThat(proposer.freeSlots()).isEqualTo(3);
    }

    @Test
    void closingTheProposerFailsTheProposalsInFlightAndRefusesNewOnes() throws Exception {
        server.then(Step.reply(Sources.reply("a", "margin", Sources.MARGIN)).delayed(5_000));
        LlmCampaignProposer proposer = proposer(LlmProvider.OPENAI, 0, 1, LlmBudget.unlimited(), PROMPTS,
                Duration.ofSeconds(20));
        CompletableFuture<ProposalOutcome> future = proposer.propose(request(null));
        while (server.requests().isEmpty()) {
            Thread.sleep(10);
        }

        proposer.close();

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                .isInstanceOf(java.util.concurrent.CancellationException.class)
                .hasMessageContaining("was closed");
        assertThat(proposer.freeSlots()).isEqualTo(1);
        assertThatThrownBy(() -> await(proposer.propose(request(null))))
                .hasMessageContaining("is closed");
    }

    @Test
    void anEditedTemplateIsUsedByTheNextProposalAndChangesItsHash(@TempDir Path dir) throws Exception {
        for (String file : List.of("system.md", "task-bandit.md", "feedback.md", "parent.md", "output-contract.md",
                "repair.md")) {
            Files.copy(PROMPTS.resolve(file), dir.resolve(file));
        }
        server.then(Step.reply(Sources.reply("a", "margin", Sources.MARGIN)),
                Step.reply(Sources.reply("b", "tempered", Sources.TEMPERED)));
        LlmCampaignProposer proposer = proposer(LlmProvider.OPENAI, 0, 1, LlmBudget.unlimited(), dir,
                Duration.ofSeconds(20));

        Proposal first = ((Proposed) await(proposer.propose(request(null)))).proposal();
        Files.writeString(dir.resolve("system.md"), "You are terse.\n" + Files.readString(dir.resolve("system.md")));
        Proposal second = ((Proposed) await(proposer.propose(request(null)))).proposal();

        assertThat(server.requests().get(0).messageTexts().get(0)).doesNotStartWith("You are terse.");
        assertThat(server.requests().get(1).messageTexts().get(0)).startsWith("You are terse.");
        assertThat(second.promptHash()).isNotEqualTo(first.promptHash());
    }

    @Test
    void aTaskWithoutADescriptionFailsLoudlyBeforeAnyCall() {
        ProposalRequest unknown = new ProposalRequest("campaign-1", "mystery:v1", Map.of(), 0.1, "m", List.of(), null);

        assertThatThrownBy(() -> await(proposer(LlmProvider.OPENAI, 1).propose(unknown)))
                .hasCauseInstanceOf(PromptTemplateException.class)
                .hasMessageContaining("prompt template task-mystery.md is missing");
        assertThat(server.requests()).isEmpty();
    }
}
