package dev.lossforge.service.proposer;

import dev.lossforge.service.campaign.Campaign;
import dev.lossforge.service.campaign.CampaignRepository;
import dev.lossforge.service.candidate.Candidate;
import dev.lossforge.service.candidate.CandidateRepository;
import dev.lossforge.service.candidate.CandidateSummary;
import dev.lossforge.service.candidate.CodeCheck;
import dev.lossforge.service.candidate.LossChecker;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/** A proposal context read from Postgres, so that a proposer resumes after a restart from what is stored. */
final class StoredProposalContext implements ProposalContext {

    private final Campaign campaign;
    private final CandidateRepository candidates;
    private final CampaignRepository campaigns;
    private final LossChecker checker;
    private final Random random;

    StoredProposalContext(Campaign campaign, CandidateRepository candidates, CampaignRepository campaigns,
                          LossChecker checker) {
        this.campaign = campaign;
        this.candidates = candidates;
        this.campaigns = campaigns;
        this.checker = checker;
        // the same campaign seed and the same number of proposals made give the same stream
        this.random = new Random(campaign.randomSeed() * 1_000_003L + campaign.proposedCount());
    }

    @Override
    public Campaign campaign() {
        return campaign;
    }

    @Override
    public List<CandidateSummary> best(int limit) {
        return candidates.best(campaign.id(), limit).stream().map(Candidate::summary).toList();
    }

    @Override
    public List<CandidateSummary> recent(int limit) {
        return candidates.recent(campaign.id(), limit).stream().map(Candidate::summary).toList();
    }

    @Override
    public List<CandidateSummary> baselines() {
        return candidates.baselines(campaign.id()).stream().map(Candidate::summary).toList();
    }

    @Override
    public Set<String> names() {
        return candidates.names(campaign.id());
    }

    @Override
    public Set<String> builtinNames() {
        return candidates.builtinNames(campaign.id()).stream().collect(Collectors.toSet());
    }

    @Override
    public boolean knownCode(String code) {
        return candidates.codeKnown(campaign.id(), code);
    }

    @Override
    public CodeCheck check(String code) {
        return checker.check(code);
    }

    @Override
    public Random random() {
        return random;
    }

    @Override
    public Map<String, Object> state() {
        return campaigns.proposerState(campaign.id());
    }

    @Override
    public void saveState(Map<String, Object> state) {
        campaigns.saveProposerState(campaign.id(), state);
    }
}
