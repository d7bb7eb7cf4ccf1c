package dev.lossforge.service.proposer.llm;

import dev.lossforge.service.campaign.Campaign;
import dev.lossforge.service.candidate.CandidateStatus;
import dev.lossforge.service.proposer.ProposalContext;
import dev.lossforge.task.TaskRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Turns what the service knows about a campaign into a {@link ProposalRequest}: its baselines, its
 * best and its most recent candidates (failures with their short error), read from Postgres in
 * bounded numbers however many the campaign holds, and sometimes one of the best as the parent to
 * improve.
 */
final class ContextRequests {

    /** Parents are drawn from this many of the best candidates. */
    static final int PARENT_POOL = 5;

    private ContextRequests() {
    }

    static ProposalRequest build(ProposalContext ctx, LlmCampaignConfig config) {
        Campaign campaign = ctx.campaign();
        ContextLimits limits = config.settings().context();
        Map<Long, dev.lossforge.service.candidate.CandidateSummary> shown = new LinkedHashMap<>();
        ctx.baselines().stream().limit(limits.maxBaselines() + 1L).forEach(c -> shown.putIfAbsent(c.id(), c));
        List<dev.lossforge.service.candidate.CandidateSummary> best = ctx.best(limits.maxBest() + limits.maxBaselines());
        best.forEach(c -> shown.putIfAbsent(c.id(), c));
        ctx.recent(limits.maxBest() + limits.maxRecent()).forEach(c -> shown.putIfAbsent(c.id(), c));

        List<CandidateSummary> candidates = new ArrayList<>(shown.size());
        for (dev.lossforge.service.candidate.CandidateSummary c : shown.values()) {
            candidates.add(summary(c));
        }
        ParentCandidate parent = parent(best, config.parentProbability(), ctx.random()).orElse(null);
        CampaignLookup lookup = new CampaignLookup() {
            @Override
            public boolean codeKnown(String code) {
                return ctx.knownCode(code);
            }

            @Override
            public boolean nameTaken(String name) {
                return ctx.nameTaken(name);
            }

            @Override
            public Optional<String> sameBehaviourAs(String fingerprint) {
                return ctx.sameBehaviourAs(fingerprint);
            }
        };
        return new ProposalRequest(String.valueOf(campaign.id()), campaign.discovery().task(),
                campaign.discovery().taskConfig(), campaign.beta(), fitnessMetric(campaign), candidates,
                ctx.candidateCount(), parent, lookup);
    }

    /** The task's primary metric, which the campaign's fitness is the mean of. */
    static String fitnessMetric(Campaign campaign) {
        return TaskRegistry.resolve(campaign.discovery().task(), campaign.discovery().taskConfig()).task().primaryMetric();
    }

    static CandidateSummary summary(dev.lossforge.service.candidate.CandidateSummary c) {
        String status = c.status().name();
        String error = null;
        if (c.status() == CandidateStatus.FAILED && c.errorKind() != null) {
            status = c.errorKind();
            error = c.errorMessage();
        } else if (c.status() == CandidateStatus.INVALID) {
            error = c.errorKind() == null ? c.errorMessage() : c.errorKind() + ": " + c.errorMessage();
        } else if (c.status() == CandidateStatus.DUPLICATE && c.duplicateOf() != null) {
            error = "computes the same function as candidate #" + c.duplicateOf();
        }
        return new CandidateSummary(String.valueOf(c.id()), c.name(), c.baseline(), status, c.fitnessMean(),
                c.fitnessCiLow(), c.fitnessCiHigh(), c.hypothesis(), error, c.id());
    }

    /** With the campaign's probability, one of the best few, drawn with the campaign's randomness. */
    static Optional<ParentCandidate> parent(List<dev.lossforge.service.candidate.CandidateSummary> best,
                                            double probability, Random random) {
        List<dev.lossforge.service.candidate.CandidateSummary> pool = best.stream()
                .filter(c -> c.fitnessMean() != null && c.code() != null && !c.code().isBlank())
                .limit(PARENT_POOL).toList();
        if (pool.isEmpty() || random.nextDouble() >= probability) {
            return Optional.empty();
        }
        dev.lossforge.service.candidate.CandidateSummary c = pool.get(random.nextInt(pool.size()));
        return Optional.of(new ParentCandidate(String.valueOf(c.id()), c.name(), c.hypothesis(), c.code(),
                c.fitnessMean(), c.fitnessCiLow(), c.fitnessCiHigh()));
    }
}
