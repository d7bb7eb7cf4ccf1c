package dev.lossforge.service.campaign;

import dev.lossforge.loss.BuiltinLoss;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.service.candidate.Candidate;
import dev.lossforge.service.candidate.CandidateIntake;
import dev.lossforge.service.candidate.CandidateRepository;
import dev.lossforge.service.candidate.CandidateStatus;
import dev.lossforge.service.candidate.CodeCheck;
import dev.lossforge.service.candidate.LossChecker;
import dev.lossforge.service.event.EventLog;
import dev.lossforge.service.job.JobProperties;
import dev.lossforge.service.job.JobRepository;
import dev.lossforge.service.job.JobsChanged;
import dev.lossforge.service.proposer.Proposal;
import dev.lossforge.service.proposer.ProposalContexts;
import dev.lossforge.service.proposer.Proposer;
import dev.lossforge.service.proposer.ProposerRegistry;
import dev.lossforge.service.proposer.ProposerUnavailableException;
import dev.lossforge.service.web.ApiException;
import dev.lossforge.service.worker.WorkerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the campaigns: starts queued ones with their baselines, keeps each running one's queue
 * stocked with proposals while its budget lasts (no generation barrier: a new proposal goes in
 * whenever the queue runs low), sends the best candidates to the held-out tasks when the budget
 * is spent, and completes campaigns whose jobs are all done.
 *
 * <p>It holds nothing that is not in Postgres except the proposals being computed, which are
 * stored in one transaction each or not at all: after a restart (kill -9 included) it picks every
 * RUNNING campaign up where the database says it is.
 */
@Component
class CampaignDriver {

    private static final Logger log = LoggerFactory.getLogger(CampaignDriver.class);
    private static final int FAILURES_BEFORE_PAUSE = 3;
    private static final long RESULT_DEBOUNCE_MILLIS = 50;

    private final CampaignRepository campaigns;
    private final CampaignService service;
    private final CandidateRepository candidates;
    private final CandidateIntake intake;
    private final LossChecker checker;
    private final JobRepository jobs;
    private final JobProperties jobProperties;
    private final ProposerRegistry proposers;
    private final ProposalContexts contexts;
    private final WorkerRegistry workers;
    private final EventLog events;
    private final CampaignProperties properties;
    private final TransactionTemplate tx;

    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "campaign-driver");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService proposing;
    private final Map<Long, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final AtomicBoolean tickPending = new AtomicBoolean();
    private volatile boolean stopped;

    CampaignDriver(CampaignRepository campaigns, CampaignService service, CandidateRepository candidates,
                   CandidateIntake intake, LossChecker checker, JobRepository jobs, JobProperties jobProperties,
                   ProposerRegistry proposers, ProposalContexts contexts, WorkerRegistry workers, EventLog events,
                   CampaignProperties properties, TransactionTemplate tx) {
        this.campaigns = campaigns;
        this.service = service;
        this.candidates = candidates;
        this.intake = intake;
        this.checker = checker;
        this.jobs = jobs;
        this.jobProperties = jobProperties;
        this.proposers = proposers;
        this.contexts = contexts;
        this.workers = workers;
        this.events = events;
        this.properties = properties;
        this.tx = tx;
        AtomicInteger thread = new AtomicInteger();
        this.proposing = Executors.newFixedThreadPool(properties.proposerThreads(), r -> {
            Thread t = new Thread(r, "proposer-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        long period = properties.driverInterval().toMillis();
        loop.scheduleWithFixedDelay(this::tick, 0, period, TimeUnit.MILLISECONDS);
    }

    /** Results come in bursts: one pass shortly after serves them all, off the workers' request path. */
    @EventListener
    void onJobs(JobsChanged event) {
        wakeSoon();
    }

    @EventListener
    void onCampaigns(CampaignsChanged event) {
        wake();
    }

    @EventListener(ContextClosedEvent.class)
    void stop() {
        stopped = true;
        loop.shutdownNow();
        proposing.shutdownNow();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
            proposing.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void wakeSoon() {
        if (stopped || !tickPending.compareAndSet(false, true)) {
            return;
        }
        try {
            loop.schedule(this::tick, RESULT_DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            tickPending.set(false);
        }
    }

    /** Looks at the campaigns now, coalescing bursts of wake-ups into one pass. */
    void wake() {
        if (stopped || !tickPending.compareAndSet(false, true)) {
            return;
        }
        try {
            loop.execute(this::tick);
        } catch (RejectedExecutionException e) {
            tickPending.set(false);
        }
    }

    private void tick() {
        tickPending.set(false);
        if (stopped) {
            return;
        }
        try {
            for (Campaign campaign : campaigns.active()) {
                if (stopped) {
                    return;
                }
                try {
                    step(campaign);
                } catch (RuntimeException e) {
                    log.error("Campaign {}: driver step failed", campaign.id(), e);
                }
            }
        } catch (RuntimeException e) {
            log.error("Campaign driver pass failed: {}", e.getMessage());
        }
    }

    private void step(Campaign c) {
        if (c.status() == CampaignStatus.QUEUED) {
            startCampaign(c);
            return;
        }
        if (c.phase() == CampaignPhase.DISCOVERY) {
            Optional<String> dpoProblem = dpoProblem(c);
            if (dpoProblem.isPresent()) {
                fail(c, dpoProblem.get());
                return;
            }
            if (canPropose(c)) {
                topUp(c);
            } else if (inFlight(c.id()) == 0 && jobs.countUnfinished(c.id(), false) == 0) {
                finishDiscovery(c);
            }
        } else if (jobs.countUnfinished(c.id(), true) == 0 && jobs.countUnfinished(c.id(), false) == 0) {
            complete(c);
        }
    }

    /** Stores the baselines (dpo first) and sets the campaign running; safe to repeat after a crash. */
    private void startCampaign(Campaign c) {
        for (String name : c.baselines()) {
            if (candidates.builtin(c.id(), name).isPresent()) {
                continue;
            }
            BuiltinLoss loss = BuiltinLosses.get(name);
            String code = loss.source();
            CodeCheck check = checker.check(code);
            intake.submit(c.id(), new CandidateIntake.Submission(loss.name(), loss.summary(), null, code, "baselines",
                            true, List.of(), null, check, List.of()), false,
                    "dpo".equals(name) ? CandidateIntake.PRIORITY_DPO : CandidateIntake.PRIORITY_BASELINE);
        }
        tx.executeWithoutResult(status -> campaigns.lock(c.id()).ifPresent(locked -> {
            if (locked.status() == CampaignStatus.QUEUED) {
                service.setStatus(locked, CampaignStatus.RUNNING, null);
            }
        }));
        log.info("Campaign {} ({}) started: {} on {} with baselines {} and seeds {}", c.id(), c.name(), c.proposer(),
                c.discovery().task(), c.baselines(), c.seeds());
    }

    private Optional<String> dpoProblem(Campaign c) {
        Optional<Candidate> dpo = candidates.dpo(c.id());
        if (dpo.isEmpty()) {
            return Optional.of("the campaign has no DPO baseline, which every difference is taken against");
        }
        CandidateStatus status = dpo.get().status();
        if (status == CandidateStatus.INVALID || status == CandidateStatus.FAILED) {
            return Optional.of("the DPO baseline is " + status + " (" + dpo.get().errorKind() + ": "
                    + dpo.get().errorMessage() + "), so no difference against DPO can be computed");
        }
        return Optional.empty();
    }

    private boolean canPropose(Campaign c) {
        return !c.proposerExhausted() && c.proposedCount() + inFlight(c.id()) < c.maxCandidates();
    }

    /** Adds proposals until the queue holds enough jobs for every active worker, within the budget. */
    private void topUp(Campaign c) {
        Proposer proposer;
        try {
            proposer = proposers.require(c.proposer());
        } catch (ApiException e) {
            fail(c, "its proposer is not available: " + e.getMessage());
            return;
        }
        int target = properties.queueDepth() * Math.max(1, workers.activeCount());
        int queued = jobs.countQueued(c.id());
        int open = inFlight(c.id());
        int jobsPerCandidate = c.seeds().size();
        int budget = c.maxCandidates() - c.proposedCount() - open;
        int slots = proposer.maxInFlight() - open;
        while (slots > 0 && budget > 0 && queued + open * jobsPerCandidate < target) {
            submitProposal(c, proposer);
            slots--;
            budget--;
            open++;
        }
    }

    private void submitProposal(Campaign c, Proposer proposer) {
        AtomicInteger counter = inFlight.computeIfAbsent(c.id(), k -> new AtomicInteger());
        counter.incrementAndGet();
        try {
            proposing.execute(() -> propose(c, proposer, counter));
        } catch (RejectedExecutionException e) {
            counter.decrementAndGet();
        }
    }

    private void propose(Campaign c, Proposer proposer, AtomicInteger counter) {
        try {
            Campaign current = campaigns.find(c.id()).orElse(c);
            Optional<Proposal> proposal = proposer.propose(contexts.of(current));
            if (proposal.isEmpty()) {
                campaigns.markProposerExhausted(c.id());
                log.info("Campaign {}: proposer {} has nothing more to propose", c.id(), proposer.name());
                return;
            }
            Proposal p = proposal.get();
            CodeCheck check = p.check() != null ? p.check() : checker.check(p.code());
            intake.submit(c.id(), new CandidateIntake.Submission(p.name(), p.hypothesis(), p.thought(), p.code(),
                    proposer.name(), false, p.parentIds(), p.promptHash(), check, p.llmCallIds()), true,
                    CandidateIntake.PRIORITY_PROPOSED);
            failures.remove(c.id());
        } catch (ProposerUnavailableException e) {
            service.pauseFor(c.id(), "proposer " + proposer.name() + " is unavailable: " + e.getMessage());
        } catch (ApiException e) {
            log.debug("Campaign {}: proposal not stored: {}", c.id(), e.getMessage());
        } catch (RuntimeException e) {
            int n = failures.computeIfAbsent(c.id(), k -> new AtomicInteger()).incrementAndGet();
            log.warn("Campaign {}: proposer {} failed ({} in a row)", c.id(), proposer.name(), n, e);
            if (n >= FAILURES_BEFORE_PAUSE) {
                failures.remove(c.id());
                service.pauseFor(c.id(), "proposer " + proposer.name() + " failed " + n + " times in a row, last: " + e);
            }
        } finally {
            counter.decrementAndGet();
            wake();
        }
    }

    private int inFlight(long campaignId) {
        AtomicInteger n = inFlight.get(campaignId);
        return n == null ? 0 : n.get();
    }

    /** The budget is spent and every discovery job finished: held-out tasks next, or done. */
    private void finishDiscovery(Campaign c) {
        if (c.heldOut().isEmpty()) {
            complete(c);
            return;
        }
        tx.executeWithoutResult(status -> {
            Campaign locked = campaigns.lock(c.id()).orElseThrow();
            if (locked.status() != CampaignStatus.RUNNING || locked.phase() != CampaignPhase.DISCOVERY) {
                return;
            }
            List<Candidate> chosen = new ArrayList<>();
            candidates.dpo(c.id()).filter(d -> d.status() == CandidateStatus.EVALUATED).ifPresent(chosen::add);
            for (Candidate best : candidates.best(c.id(), locked.heldOutTop() + 1)) {
                if (chosen.size() > locked.heldOutTop()) {
                    break;
                }
                if (chosen.stream().noneMatch(x -> x.id() == best.id())) {
                    chosen.add(best);
                }
            }
            for (Candidate candidate : chosen) {
                for (TaskSetting task : locked.heldOut()) {
                    jobs.enqueue(c.id(), candidate.id(), task, true, locked.seeds(), CandidateIntake.PRIORITY_HELD_OUT,
                            jobProperties.maxAttempts());
                }
            }
            campaigns.setPhase(c.id(), CampaignPhase.HELD_OUT);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("phase", CampaignPhase.HELD_OUT.name());
            payload.put("tasks", locked.heldOut().stream().map(TaskSetting::task).toList());
            payload.put("candidateIds", chosen.stream().map(Candidate::id).toList());
            events.append(c.id(), "campaign.phase", null, null, payload);
        });
        log.info("Campaign {}: discovery done, re-evaluating the best on {}", c.id(),
                c.heldOut().stream().map(TaskSetting::task).toList());
    }

    private void complete(Campaign c) {
        tx.executeWithoutResult(status -> {
            Campaign locked = campaigns.lock(c.id()).orElseThrow();
            if (locked.status() != CampaignStatus.RUNNING || jobs.countUnfinished(c.id(), false) > 0
                    || jobs.countUnfinished(c.id(), true) > 0) {
                return;
            }
            campaigns.setPhase(c.id(), CampaignPhase.DONE);
            service.setStatus(locked, CampaignStatus.COMPLETED, null);
        });
        log.info("Campaign {} ({}) completed", c.id(), c.name());
    }

    private void fail(Campaign c, String reason) {
        tx.executeWithoutResult(status -> {
            Campaign locked = campaigns.lock(c.id()).orElseThrow();
            if (locked.status().terminal()) {
                return;
            }
            jobs.cancelCampaign(c.id());
            candidates.cancelUnfinished(c.id());
            service.setStatus(locked, CampaignStatus.FAILED, reason);
        });
        log.warn("Campaign {} failed: {}", c.id(), reason);
    }
}
