package dev.lossforge.service.proposer.evolution;

import dev.lossforge.service.campaign.Campaign;
import dev.lossforge.service.candidate.CandidateSummary;
import dev.lossforge.service.proposer.ProposalContext;
import dev.lossforge.service.proposer.Proposer;
import dev.lossforge.service.web.InvalidRequestException;
import dev.lossforge.task.TaskRegistry;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code evolution} proposer: the {@link EvolutionEngine} behind the service's
 * {@link Proposer} interface. It keeps nothing between calls that Postgres does not hold: every
 * proposal rebuilds the engine's history from the campaign's candidate rows (the genome and origin
 * of its own candidates are in their {@code metadata}, {@link CampaignHistory}), so a restarted
 * service proposes exactly what the stopped one would have. Engines are cached per campaign only
 * for their memo of derived trees.
 */
@Component
class EvolutionProposer implements Proposer {

    static final String NAME = "evolution";
    private static final int CACHED_ENGINES = 16;

    private final Map<String, EvolutionEngine> engines = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EvolutionEngine> eldest) {
            return size() > CACHED_ENGINES;
        }
    };

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validateConfig(Map<String, Object> config) {
        try {
            EvolutionSettings.config(0, 0.1, Set.of(), config);
        } catch (InvalidSettingException e) {
            throw new InvalidRequestException("proposerConfig." + e.key(), e.reason());
        }
    }

    /**
     * One at a time: each proposal is a function of the seed and the stored history, and the next
     * one must see the previous one stored.
     */
    @Override
    public int maxInFlight() {
        return 1;
    }

    @Override
    public Optional<dev.lossforge.service.proposer.Proposal> propose(ProposalContext context) {
        EvolutionEngine engine = engine(context.campaign());
        List<CandidateRecord> history = CampaignHistory.rebuild(context.all().stream().map(EvolutionProposer::stored).toList());
        List<Proposal> next = engine.propose(history, 1);
        if (next.isEmpty()) {
            return Optional.empty();
        }
        Proposal p = next.get(0);
        return Optional.of(new dev.lossforge.service.proposer.Proposal(p.name(), p.hypothesis(), null, p.javaSource(),
                p.parentIds(), null, null, List.of(), p.metadataJson()));
    }

    /** The campaign's search settings: its seed and beta, its task's optional inputs, its proposerConfig. */
    static EvolutionConfig config(Campaign campaign) {
        var task = TaskRegistry.resolve(campaign.discovery().task(), campaign.discovery().taskConfig());
        return EvolutionSettings.config(campaign.randomSeed(), campaign.beta(), task.optionalInputs(),
                campaign.proposerConfig());
    }

    private EvolutionEngine engine(Campaign campaign) {
        // the id alone could repeat across databases in one JVM (tests); the settings make the key exact
        String key = campaign.id() + "|" + campaign.randomSeed() + "|" + campaign.beta() + "|"
                + campaign.discovery() + "|" + campaign.proposerConfig();
        synchronized (engines) {
            return engines.computeIfAbsent(key, k -> new EvolutionEngine(config(campaign)));
        }
    }

    static CampaignHistory.StoredCandidate stored(CandidateSummary c) {
        CampaignHistory.Stored status = switch (c.status()) {
            case QUEUED, RUNNING -> CampaignHistory.Stored.PENDING;
            case EVALUATED -> CampaignHistory.Stored.EVALUATED;
            case DUPLICATE -> CampaignHistory.Stored.DUPLICATE;
            case INVALID, FAILED, CANCELLED -> CampaignHistory.Stored.FAILED;
        };
        return new CampaignHistory.StoredCandidate(c.id(), c.name(), "baselines".equals(c.proposer()), status,
                c.fitnessMean(), c.duplicateOf(), NAME.equals(c.proposer()) ? c.metadata() : null);
    }
}
