package dev.lossforge.service.proposer;

import dev.lossforge.service.campaign.Campaign;
import dev.lossforge.service.campaign.CampaignRepository;
import dev.lossforge.service.candidate.CandidateRepository;
import dev.lossforge.service.candidate.LossChecker;
import org.springframework.stereotype.Component;

/** Makes the context a proposer works in. */
@Component
public class ProposalContexts {

    private final CandidateRepository candidates;
    private final CampaignRepository campaigns;
    private final LossChecker checker;

    ProposalContexts(CandidateRepository candidates, CampaignRepository campaigns, LossChecker checker) {
        this.candidates = candidates;
        this.campaigns = campaigns;
        this.checker = checker;
    }

    public ProposalContext of(Campaign campaign) {
        return new StoredProposalContext(campaign, candidates, campaigns, checker);
    }
}
