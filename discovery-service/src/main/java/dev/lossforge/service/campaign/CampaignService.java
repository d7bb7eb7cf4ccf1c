package dev.lossforge.service.campaign;

import dev.lossforge.service.candidate.Candidate;
import dev.lossforge.service.candidate.CandidateRepository;
import dev.lossforge.service.event.EventLog;
import dev.lossforge.service.job.JobRepository;
import dev.lossforge.service.job.JobSignal;
import dev.lossforge.service.web.ConflictException;
import dev.lossforge.service.web.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creating campaigns and moving them between states. */
@Service
public class CampaignService {

    private final CampaignRepository campaigns;
    private final CandidateRepository candidates;
    private final JobRepository jobs;
    private final CampaignRequestValidator validator;
    private final EventLog events;
    private final JobSignal signal;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher publisher;

    CampaignService(CampaignRepository campaigns, CandidateRepository candidates, JobRepository jobs,
                    CampaignRequestValidator validator, EventLog events, JobSignal signal, TransactionTemplate tx,
                    ApplicationEventPublisher publisher) {
        this.campaigns = campaigns;
        this.candidates = candidates;
        this.jobs = jobs;
        this.validator = validator;
        this.events = events;
        this.signal = signal;
        this.tx = tx;
        this.publisher = publisher;
    }

    CampaignView create(CreateCampaignRequest request) {
        NewCampaign campaign = validator.validate(request);
        long id = tx.execute(status -> {
            long created = campaigns.insert(campaign);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("name", campaign.name());
            payload.put("task", campaign.discovery().task());
            payload.put("proposer", campaign.proposer());
            payload.put("status", CampaignStatus.QUEUED.name());
            events.append(created, "campaign.created", null, null, payload);
            return created;
        });
        publisher.publishEvent(new CampaignsChanged(id));
        return view(id);
    }

    CampaignView pause(long id) {
        transition(id, "pause", List.of(CampaignStatus.QUEUED, CampaignStatus.RUNNING), CampaignStatus.PAUSED,
                "paused on request");
        return view(id);
    }

    CampaignView resume(long id) {
        tx.executeWithoutResult(status -> {
            Campaign c = campaigns.lock(id).orElseThrow(() -> new NotFoundException("campaign", id));
            if (c.status() != CampaignStatus.PAUSED) {
                throw new ConflictException("campaign " + id + " is " + c.status() + "; only a PAUSED campaign resumes");
            }
            // a campaign paused before it ever started goes back to the driver's start
            CampaignStatus next = c.startedAt() == null ? CampaignStatus.QUEUED : CampaignStatus.RUNNING;
            setStatus(c, next, null);
        });
        signal.wake();
        publisher.publishEvent(new CampaignsChanged(id));
        return view(id);
    }

    CampaignView cancel(long id) {
        tx.executeWithoutResult(status -> {
            Campaign c = campaigns.lock(id).orElseThrow(() -> new NotFoundException("campaign", id));
            if (c.status().terminal()) {
                throw new ConflictException("campaign " + id + " is " + c.status() + " already");
            }
            jobs.cancelCampaign(id);
            candidates.cancelUnfinished(id);
            setStatus(c, CampaignStatus.CANCELLED, "cancelled on request");
        });
        return view(id);
    }

    /** Pauses a campaign whose proposer cannot go on, with the reason; a person resumes it. */
    public void pauseFor(long id, String reason) {
        tx.executeWithoutResult(status -> campaigns.lock(id).ifPresent(c -> {
            if (c.status() == CampaignStatus.RUNNING || c.status() == CampaignStatus.QUEUED) {
                setStatus(c, CampaignStatus.PAUSED, reason);
            }
        }));
    }

    private void transition(long id, String verb, List<CampaignStatus> from, CampaignStatus to, String reason) {
        tx.executeWithoutResult(status -> {
            Campaign c = campaigns.lock(id).orElseThrow(() -> new NotFoundException("campaign", id));
            if (!from.contains(c.status())) {
                throw new ConflictException("campaign " + id + " is " + c.status() + "; cannot " + verb + " it");
            }
            setStatus(c, to, reason);
        });
    }

    /** With the campaign's row locked. */
    void setStatus(Campaign c, CampaignStatus to, String reason) {
        campaigns.setStatus(c.id(), to, reason);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("from", c.status().name());
        payload.put("status", to.name());
        payload.put("reason", reason);
        events.append(c.id(), "campaign.status", null, null, payload);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.wake();
                }
            });
        }
    }

    CampaignView view(long id) {
        Campaign c = campaigns.find(id).orElseThrow(() -> new NotFoundException("campaign", id));
        return view(c);
    }

    CampaignView view(Campaign c) {
        Map<String, Long> counts = campaigns.candidateCounts(c.id());
        CampaignView.Best best = candidates.best(c.id(), 1).stream().findFirst().map(this::best).orElse(null);
        CampaignRepository.LlmUsage usage = campaigns.llmUsage(c.id());
        CampaignView.Budget budget = new CampaignView.Budget(c.proposedCount(), c.maxCandidates(),
                campaigns.jobCounts(c.id()), usage.calls(), usage.promptTokens(), usage.completionTokens(),
                usage.costUsd(), c.tokenBudget(), c.costBudgetUsd());
        return new CampaignView(c.id(), c.name(), c.discovery().task(), c.discovery().taskConfig(), c.heldOut(),
                c.heldOutTop(), c.proposer(), c.proposerConfig(), c.baselines(), c.seeds(), c.maxCandidates(), c.beta(),
                c.randomSeed(), c.status(), c.statusReason(), c.phase(), counts, best, budget, c.createdAt(),
                c.startedAt(), c.finishedAt());
    }

    private CampaignView.Best best(Candidate c) {
        return new CampaignView.Best(c.id(), c.name(), c.fitnessMean(), c.fitnessCiLow(), c.fitnessCiHigh(),
                c.deltaMean(), c.deltaPValue());
    }
}
