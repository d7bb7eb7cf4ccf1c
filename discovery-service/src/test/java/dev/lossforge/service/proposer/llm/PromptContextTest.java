package dev.lossforge.service.proposer.llm;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The prompt stays within its token bound however many candidates the campaign holds. */
class PromptContextTest {

    private static final PromptSet TEMPLATES = PromptSet.load(new PromptLibrary(LlmProposerTest.PROMPTS), "bandit");
    private final TokenEstimator tokens = new TokenEstimator();

    /** 10,000 candidates: 5 baselines, evaluated ones with random fitness, every 7th a failure. */
    private static List<CandidateSummary> campaign(int size, long seed) {
        Random random = new Random(seed);
        List<CandidateSummary> all = new ArrayList<>();
        String[] baselines = {"dpo", "ipo", "hinge", "robust-dpo", "lrml"};
        for (int i = 0; i < baselines.length; i++) {
            double f = 0.40 + 0.01 * i;
            all.add(new CandidateSummary("b" + i, baselines[i], true, "EVALUATED", f, f - 0.02, f + 0.02, null, null, i));
        }
        for (int i = baselines.length; i < size; i++) {
            if (i % 7 == 0) {
                all.add(new CandidateSummary("c" + i, "failed-" + i, false, "INVALID", null, null, null,
                        "an idea that failed " + i, "line 3, column 9: Unknown variable or type \"beta\" number " + i
                        + " " + "with a long explanation that goes on ".repeat(20), i));
            } else {
                double f = 0.3 + 0.2 * random.nextDouble();
                all.add(new CandidateSummary("c" + i, "cand-" + i, false, "EVALUATED", f, f - 0.03, f + 0.03,
                        "hypothesis number " + i + " about margins and temperatures", null, i));
            }
        }
        return all;
    }

    private static ProposalRequest request(List<CandidateSummary> candidates, ParentCandidate parent) {
        return new ProposalRequest("c", "bandit:clean", Map.of(), 0.1, "true_reward_gain", candidates, parent);
    }

    private PromptBuilder builder(int maxPromptTokens) {
        return new PromptBuilder(tokens, ContextLimits.defaults().withMaxPromptTokens(maxPromptTokens), ExampleLoss::dpo);
    }

    @Test
    void tenThousandCandidatesStayUnderTheBoundAndTheBestAreKept() {
        List<CandidateSummary> all = campaign(10_000, 42);
        int bound = 6_000;

        RenderedPrompt prompt = builder(bound).build(TEMPLATES, request(all, null));

        int measured = tokens.estimate(prompt.system()) + tokens.estimate(prompt.user());
        assertThat(measured).isLessThanOrEqualTo(bound).isEqualTo(prompt.estimatedTokens());
        assertThat(prompt.shown() + prompt.omitted()).isEqualTo(10_000);
        assertThat(prompt.omitted()).isGreaterThan(9_900);
        List<CandidateSummary> bestTen = all.stream().filter(c -> !c.baseline() && c.fitness() != null)
                .sorted(Comparator.comparing(CandidateSummary::fitness).reversed()).limit(10).toList();
        for (CandidateSummary best : bestTen) {
            assertThat(prompt.user()).contains("- " + best.name() + ": fitness " + ContextBuilder.number(best.fitness()));
        }
        assertThat(prompt.user()).contains("- dpo: fitness 0.4000").contains("- lrml: fitness 0.4400");
        // the newest failure (9996 = 7 * 1428) with its error, cut short
        assertThat(prompt.user()).contains("- failed-9996 [INVALID]: error: line 3, column 9: Unknown variable")
                .doesNotContain("goes on ".repeat(20));
        assertThat(prompt.user()).contains("The campaign holds 10000 candidates;");
    }

    @Test
    void theBoundHoldsForEveryBoundFromTightToGenerous() {
        List<CandidateSummary> all = campaign(10_000, 7);
        for (int bound : new int[] {4_500, 5_000, 6_000, 8_000, 12_000, 30_000}) {
            RenderedPrompt prompt = builder(bound).build(TEMPLATES, request(all, null));
            assertThat(tokens.estimate(prompt.system()) + tokens.estimate(prompt.user()))
                    .as("bound %d", bound).isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void aGenerousBoundShowsUpToTheSectionLimits() {
        List<CandidateSummary> all = campaign(10_000, 3);
        ContextLimits limits = ContextLimits.defaults().withMaxPromptTokens(100_000);

        RenderedPrompt prompt = new PromptBuilder(tokens, limits, ExampleLoss::dpo).build(TEMPLATES, request(all, null));

        assertThat(prompt.shown()).isEqualTo(5 + limits.maxBest() + limits.maxRecent());
    }

    @Test
    void aSmallCampaignIsShownWhole() {
        List<CandidateSummary> all = campaign(12, 1);

        RenderedPrompt prompt = builder(12_000).build(TEMPLATES, request(all, null));

        assertThat(prompt.shown()).isEqualTo(12);
        assertThat(prompt.omitted()).isZero();
        for (CandidateSummary c : all) {
            assertThat(prompt.user()).contains("- " + c.name());
        }
    }

    @Test
    void anEmptyCampaignSaysSo() {
        RenderedPrompt prompt = builder(12_000).build(TEMPLATES, request(List.of(), null));

        assertThat(prompt.user()).contains("## Best candidates so far\n\n(none yet)");
    }

    @Test
    void aParentTooLongForTheBoundIsShownWithoutItsCode() {
        String hugeCode = Sources.MARGIN + "\n// padding\n".repeat(3_000);
        ParentCandidate parent = new ParentCandidate("p", "huge", "an idea", hugeCode, 0.5, 0.4, 0.6);

        RenderedPrompt prompt = builder(5_000).build(TEMPLATES, request(campaign(100, 5), parent));

        assertThat(prompt.estimatedTokens()).isLessThanOrEqualTo(5_000);
        assertThat(prompt.user()).contains("Improve on `huge`").contains("the code is too long for this prompt's token bound");
    }

    @Test
    void aBoundBelowTheFixedPartsIsAClearError() {
        assertThatThrownBy(() -> builder(1_000).build(TEMPLATES, request(List.of(), null)))
                .isInstanceOf(PromptTemplateException.class)
                .hasMessageContaining("more than maxPromptTokens = 1000");
    }

    @Test
    void theEstimatorCountsWordsNumbersPunctuationAndLineBreaks() {
        // "policy" 1 + "Chosen" 1 + "Logps" 1 + "(" 1 + ")" 1
        assertThat(tokens.estimate("policyChosenLogps()")).isEqualTo(5);
        // "12345" is two groups of up to three digits; "." 1
        assertThat(tokens.estimate("12345.")).isEqualTo(3);
        // "hello" 1, "world" 1, one line break 1, spaces free
        assertThat(tokens.estimate("hello   world\n\n    ")).isEqualTo(3);
        // "internationalization" 20 letters: ceil(20 / 6) = 4
        assertThat(tokens.estimate("internationalization")).isEqualTo(4);
        assertThat(tokens.estimate("")).isZero();
    }
}
