package dev.lossforge.service.proposer.llm;

import dev.lossforge.service.proposer.llm.FakeLlmServer.Step;
import dev.lossforge.service.proposer.llm.ProposalOutcome.Proposed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DiscoPOP loop without the service: a small driver keeps two proposals in flight, stores
 * what comes back with a made-up fitness and feeds the results into the next prompts, against a
 * fake model that answers every first turn badly (invalid JSON, Python, code that does not
 * compile, a NaN loss in turn) and every repair turn with a new, valid loss. The service's
 * full-campaign test puts the real driver in place of this one.
 */
class ScriptedCampaignTest {

    private static final int PROPOSALS = 8;

    @Test
    void eightProposalsTwoInFlightRepairTheirWayThroughBadRepliesAndLaterPromptsShowEarlierResults() throws Exception {
        List<LlmCallRecord> recorded = new CopyOnWriteArrayList<>();
        AtomicInteger firstTurns = new AtomicInteger();
        AtomicInteger repairs = new AtomicInteger();
        try (FakeLlmServer server = new FakeLlmServer()) {
            // the first two requests are answered only once both are open: two really are in flight
            server.holdUntilConcurrent(2).respondWith(request -> {
                if (request.roles().size() == 2) {
                    Step bad = switch (firstTurns.getAndIncrement() % 4) {
                        case 0 -> Step.reply("Let me think about margins... {\"thought\": ", 900, 60);
                        case 1 -> Step.reply(Sources.reply("torch version", "torch", Sources.PYTHON), 900, 120);
                        case 2 -> Step.reply(Sources.reply("typo", "broken", Sources.DOES_NOT_COMPILE), 900, 150);
                        default -> Step.reply(Sources.reply("nan", "nan", Sources.NAN), 900, 150);
                    };
                    return bad;
                }
                int i = repairs.incrementAndGet();
                return Step.reply(Sources.reply("Margin " + i / 10.0 + " should stop easy pairs from dominating.",
                        "margin-" + i, Sources.marginLoss(i)), 1_000, 200);
            });
            ModelSettings model = new ModelSettings(LlmProvider.OPENAI_COMPATIBLE, server.openAiBaseUrl(), "fake-model",
                    0.8, 2048, Duration.ofSeconds(20), null);
            LlmProposerFactory factory = new LlmProposerFactory(
                    new LlmEnvironment(LlmProposerTest.PROMPTS, new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 1, 0),
                            PriceTable.none()),
                    new ApiKeyResolver(Map.<String, String>of()::get), new ChatModelFactory(), new SandboxCodeValidator(),
                    ExampleLoss::dpo, d -> { });
            LlmProposerSettings settings = new LlmProposerSettings(model, 2, 2, ContextLimits.defaults(),
                    LlmBudget.unlimited());

            List<CandidateSummary> campaign = new CopyOnWriteArrayList<>();
            campaign.add(new CandidateSummary("1", "dpo", true, "EVALUATED", 0.40, 0.38, 0.42, null, null, 1));
            List<Proposal> proposals = new ArrayList<>();
            try (LlmCampaignProposer proposer = factory.open("campaign-7", settings, LlmUsage.zero(), recorded::add)) {
                List<CompletableFuture<ProposalOutcome>> inFlight = new ArrayList<>();
                int started = 0;
                while (proposals.size() < PROPOSALS) {
                    // a new proposal starts only once the results before it are stored, as the service's
                    // driver does; its slot may be handed back a moment after its future completes
                    while (started < PROPOSALS && started - proposals.size() < 2) {
                        while (proposer.freeSlots() == 0) {
                            Thread.sleep(1);
                        }
                        inFlight.add(proposer.propose(new ProposalRequest("campaign-7", "bandit:clean", Map.of(), 0.1,
                                "true_reward_gain", List.copyOf(campaign), null)));
                        started++;
                    }
                    CompletableFuture.anyOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                    for (CompletableFuture<ProposalOutcome> done : inFlight.stream().filter(CompletableFuture::isDone).toList()) {
                        inFlight.remove(done);
                        Proposal p = ((Proposed) done.get()).proposal();
                        proposals.add(p);
                        double fitness = 0.40 + 0.01 * proposals.size();
                        campaign.add(new CandidateSummary(p.proposalId(), p.name(), false, "EVALUATED", fitness,
                                fitness - 0.02, fitness + 0.02, p.thought(), null, campaign.size() + 1));
                    }
                }
                assertThat(proposer.usage().calls()).isEqualTo(2 * PROPOSALS);
                assertThat(proposer.usage().inputTokens()).isEqualTo(PROPOSALS * 1_900L);
            }

            assertThat(server.maxConcurrentRequests()).isEqualTo(2);
            assertThat(proposals).extracting(Proposal::name).containsExactlyInAnyOrderElementsOf(
                    IntStream.rangeClosed(1, PROPOSALS).mapToObj(i -> "margin-" + i).toList());
            Set<String> fingerprints = new HashSet<>();
            for (Proposal p : proposals) {
                int i = Integer.parseInt(p.name().substring("margin-".length()));
                assertThat(p.thought()).startsWith("Margin " + i / 10.0);
                assertThat(p.code()).contains("MARGIN = " + i / 10.0);
                assertThat(p.promptHash()).matches("[0-9a-f]{64}");
                assertThat(p.repairTurns()).isEqualTo(1);
                assertThat(p.inputTokens()).isEqualTo(1_900);
                assertThat(p.calls()).hasSize(2);
                fingerprints.add(p.fingerprint());
            }
            assertThat(fingerprints).hasSize(PROPOSALS).doesNotContainNull();

            // each repair turn quoted what was wrong with the answer before it
            List<FakeLlmServer.Received> repairTurns = server.requests().stream()
                    .filter(r -> r.roles().size() == 4).toList();
            assertThat(repairTurns).hasSize(PROPOSALS);
            for (FakeLlmServer.Received repair : repairTurns) {
                String answer = repair.messageTexts().get(2);
                String expected = answer.startsWith("Let me think") ? "neither a JSON object"
                        : answer.contains("import torch") ? "Write Java"
                        : answer.contains("logSoftplusOf") ? "(COMPILE): line 9"
                        : "(SMOKE_TEST)";
                assertThat(repair.lastMessageText()).contains(expected);
            }
            // the last first turn saw the candidates stored before it, with the fitness the driver gave them
            FakeLlmServer.Received lastFirstTurn = server.requests().stream()
                    .filter(r -> r.roles().size() == 2).reduce((a, b) -> b).orElseThrow();
            Set<String> shown = lastFirstTurn.messageTexts().get(1).lines()
                    .filter(line -> line.startsWith("- margin-") && line.contains(": fitness 0.4"))
                    .collect(Collectors.toSet());
            assertThat(shown).hasSizeGreaterThanOrEqualTo(PROPOSALS - 2);
            assertThat(recorded).hasSize(2 * PROPOSALS);
        }
    }
}
