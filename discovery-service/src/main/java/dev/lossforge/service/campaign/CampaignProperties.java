package dev.lossforge.service.campaign;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Campaign defaults and bounds ({@code lossforge.campaigns.*}).
 *
 * @param defaultBaselines     baseline set when a request names none (dpo is always added)
 * @param defaultSeeds         seeds when a request names none
 * @param defaultProposer      proposer when a request names none
 * @param defaultMaxCandidates budget when a request names none
 * @param maxCandidatesLimit   the largest budget a request may ask for
 * @param maxSeeds             the most seeds a campaign may use
 * @param heldOutTop           how many of the best candidates held-out tasks re-evaluate (DPO comes too)
 * @param queueDepth           queued jobs kept ready per active worker, so that none waits for a proposal
 * @param driverInterval       how often the driver looks at running campaigns when nothing wakes it
 * @param proposerThreads      proposals computed at once, over all campaigns
 */
@ConfigurationProperties("lossforge.campaigns")
public record CampaignProperties(
        @DefaultValue({"dpo", "ipo", "hinge", "robust-dpo", "lrml"}) List<String> defaultBaselines,
        @DefaultValue({"42", "13", "3407"}) List<Long> defaultSeeds,
        @DefaultValue("baselines") String defaultProposer,
        @DefaultValue("20") int defaultMaxCandidates,
        @DefaultValue("10000") int maxCandidatesLimit,
        @DefaultValue("16") int maxSeeds,
        @DefaultValue("3") int heldOutTop,
        @DefaultValue("2") int queueDepth,
        @DefaultValue("500ms") Duration driverInterval,
        @DefaultValue("4") int proposerThreads) {

    public CampaignProperties {
        if (maxCandidatesLimit < 0 || defaultMaxCandidates < 0 || defaultMaxCandidates > maxCandidatesLimit) {
            throw new IllegalArgumentException("lossforge.campaigns.default-max-candidates must lie in 0.."
                    + "lossforge.campaigns.max-candidates-limit");
        }
        if (maxSeeds < 1 || defaultSeeds.isEmpty() || defaultSeeds.size() > maxSeeds) {
            throw new IllegalArgumentException("lossforge.campaigns.default-seeds must hold 1..max-seeds seeds");
        }
        if (heldOutTop < 0 || queueDepth < 1 || proposerThreads < 1) {
            throw new IllegalArgumentException("lossforge.campaigns: held-out-top >= 0, queue-depth >= 1 and "
                    + "proposer-threads >= 1");
        }
        defaultBaselines = List.copyOf(defaultBaselines);
        defaultSeeds = List.copyOf(defaultSeeds);
    }
}
