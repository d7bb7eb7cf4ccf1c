package dev.lossforge.service.job;

import dev.lossforge.service.candidate.Candidate;
import dev.lossforge.service.candidate.CandidateRepository;
import dev.lossforge.service.event.EventLog;
import dev.lossforge.service.score.Scoring;
import dev.lossforge.service.web.ConflictException;
import dev.lossforge.service.web.InvalidRequestException;
import dev.lossforge.service.web.NotFoundException;
import dev.lossforge.service.worker.WorkerRegistry;
import dev.lossforge.worker.protocol.EvaluationPoint;
import dev.lossforge.worker.protocol.FailureKind;
import dev.lossforge.worker.protocol.Heartbeat;
import dev.lossforge.worker.protocol.HeartbeatReply;
import dev.lossforge.worker.protocol.JobFailure;
import dev.lossforge.worker.protocol.JobLease;
import dev.lossforge.worker.protocol.JobResult;
import dev.lossforge.worker.protocol.LeaseRequest;
import dev.lossforge.worker.protocol.ReportReply;
import dev.lossforge.worker.protocol.RunOutcome;
import dev.lossforge.worker.protocol.TrainingPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The service side of the worker protocol: leases (long poll), heartbeats, results and failures,
 * and the leases that expire because their worker went silent.
 *
 * <p>Every change to a job that finishes it takes the campaign's row lock first, then the job's:
 * results of one campaign aggregate one at a time, and a cancelled campaign cannot race a result.
 */
@Service
public class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    private final JobRepository jobs;
    private final ResultRepository results;
    private final CandidateRepository candidates;
    private final Scoring scoring;
    private final WorkerRegistry workers;
    private final EventLog events;
    private final JobSignal signal;
    private final JobProperties properties;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher publisher;

    public JobService(JobRepository jobs, ResultRepository results, CandidateRepository candidates, Scoring scoring,
                      WorkerRegistry workers, EventLog events, JobSignal signal, JobProperties properties,
                      TransactionTemplate tx, ApplicationEventPublisher publisher) {
        this.jobs = jobs;
        this.results = results;
        this.candidates = candidates;
        this.scoring = scoring;
        this.workers = workers;
        this.events = events;
        this.signal = signal;
        this.properties = properties;
        this.tx = tx;
        this.publisher = publisher;
    }

    /** Leases a job, waiting up to the request's wait (bounded by lossforge.jobs.long-poll) for one. */
    public Optional<JobLease> lease(LeaseRequest request, boolean local) throws InterruptedException {
        String workerId = requireText(request.workerId(), "workerId");
        workers.seen(workerId, request.name() == null || request.name().isBlank() ? workerId : request.name(),
                request.host(), request.device(), local);
        Duration wait = Duration.ofSeconds(Math.max(0, request.waitSeconds()));
        if (wait.compareTo(properties.longPoll()) > 0) {
            wait = properties.longPoll();
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long seen = signal.generation();
            Optional<JobLease> lease = leaseOnce(workerId);
            if (lease.isPresent()) {
                return lease;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || signal.closed()) {
                return Optional.empty();
            }
            // also look again now and then: another service instance may have queued work
            signal.await(seen, Duration.ofNanos(Math.min(left, Duration.ofSeconds(1).toNanos())));
        }
    }

    private Optional<JobLease> leaseOnce(String workerId) {
        return tx.execute(status -> {
            Optional<Job> leased = jobs.leaseNext(workerId, properties.leaseDuration());
            if (leased.isEmpty()) {
                return Optional.<JobLease>empty();
            }
            Job job = leased.get();
            Candidate candidate = candidates.find(job.candidateId()).orElseThrow();
            boolean first = !job.heldOut() && candidates.markStarted(candidate.id());
            Map<String, Object> payload = jobPayload(job);
            payload.put("workerId", workerId);
            payload.put("attempt", job.attempts());
            if (first) {
                events.append(job.campaignId(), "candidate.started", candidate.id(), job.id(), payload);
            }
            log.debug("Job {} ({} {} seed {}) leased to {}", job.id(), candidate.name(), job.task(), job.seed(), workerId);
            return Optional.of(new JobLease(job.id(), job.leaseToken().toString(), job.attempts(), candidate.id(),
                    candidate.name(), candidate.code(), job.task(), job.taskConfig(), job.seed(),
                    properties.timeout().toMillis() / 1000.0, properties.leaseDuration().toMillis() / 1000.0,
                    properties.heartbeatInterval().toMillis() / 1000.0));
        });
    }

    public HeartbeatReply heartbeat(long jobId, Heartbeat heartbeat) {
        UUID token = token(heartbeat.leaseToken());
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("phase", heartbeat.phase());
        progress.put("step", heartbeat.step());
        progress.put("totalSteps", heartbeat.totalSteps());
        progress.put("loss", finite(heartbeat.loss()));
        progress.put("stepsPerSecond", finite(heartbeat.stepsPerSecond()));
        double leaseSeconds = properties.leaseDuration().toMillis() / 1000.0;
        if (jobs.renew(jobId, token, properties.leaseDuration(), progress)) {
            if (heartbeat.workerId() != null) {
                workers.touch(heartbeat.workerId());
            }
            Job job = jobs.find(jobId).orElseThrow();
            Map<String, Object> payload = jobPayload(job);
            payload.putAll(progress);
            events.append(job.campaignId(), "candidate.progress", job.candidateId(), job.id(), payload);
            return new HeartbeatReply(false, leaseSeconds, null);
        }
        Job job = jobs.find(jobId).orElseThrow(() -> new NotFoundException("job", jobId));
        if (token.equals(job.leaseToken()) && job.state().terminal()) {
            String why = job.state() == JobState.CANCELLED ? "the job was cancelled: " + job.failureMessage()
                    : "the job already ended as " + job.state() + (job.failureMessage() == null ? ""
                    : ": " + job.failureMessage());
            return new HeartbeatReply(true, 0, why);
        }
        throw notHeld(job, heartbeat.workerId());
    }

    public ReportReply result(long jobId, JobResult result) {
        UUID token = token(result.leaseToken());
        if (result.outcome() == null) {
            throw new InvalidRequestException("outcome", "outcome is required: COMPLETED, DIVERGED or TIMEOUT");
        }
        if (result.outcome() == RunOutcome.COMPLETED && (result.fitness() == null || !Double.isFinite(result.fitness()))) {
            throw new InvalidRequestException("fitness", "a completed run reports its fitness as a finite number");
        }
        String workerId = requireText(result.workerId(), "workerId");
        return report(jobId, token, workerId, job -> {
            boolean completed = result.outcome() == RunOutcome.COMPLETED;
            results.insert(job, token, workerId, result.outcome().name(), completed ? result.fitness() : null,
                    result.metrics(), clean(result.trainingCurve()), cleanEvaluations(result.evaluations()),
                    result.message(), null, null, result.wallSeconds());
            if (completed) {
                jobs.finish(job.id(), JobState.SUCCEEDED, null, null);
            } else {
                jobs.finish(job.id(), JobState.FAILED, result.outcome().name(),
                        result.message() == null ? result.outcome().name().toLowerCase() : result.message());
            }
            Map<String, Object> payload = jobPayload(job);
            payload.put("outcome", result.outcome().name());
            payload.put("fitness", completed ? result.fitness() : null);
            payload.put("message", result.message());
            return payload;
        });
    }

    public ReportReply failure(long jobId, JobFailure failure) {
        UUID token = token(failure.leaseToken());
        if (failure.kind() == null) {
            throw new InvalidRequestException("kind", "kind is required: INVALID, DIVERGED, TIMEOUT, CRASHED or ERROR");
        }
        String workerId = requireText(failure.workerId(), "workerId");
        String message = failure.message() == null || failure.message().isBlank()
                ? failure.kind().name().toLowerCase() : failure.message();
        return report(jobId, token, workerId, job -> {
            if (failure.kind() == FailureKind.CRASHED) {
                return lost(job, "worker " + workerId + " reported a crash: " + message);
            }
            results.insert(job, token, workerId, failure.kind().name(), null, Map.of(), List.of(), List.of(),
                    message, failure.line(), failure.column(), null);
            jobs.finish(job.id(), JobState.FAILED, failure.kind().name(), message);
            Map<String, Object> payload = jobPayload(job);
            payload.put("outcome", failure.kind().name());
            payload.put("message", message);
            return payload;
        });
    }

    /** A worker process is gone (a local one exited): its jobs go back to the queue at once. */
    public void releaseWorker(String workerId, String why) {
        for (Job job : jobs.leasedBy(workerId)) {
            expire(job.id(), job.leaseToken(), "worker " + workerId + " " + why);
        }
        workers.gone(workerId);
    }

    /** Leases whose worker went silent, and jobs past the time limit. */
    @Scheduled(fixedDelayString = "${lossforge.jobs.reaper-interval:1s}")
    public void reap() {
        for (Job job : jobs.overdue(properties.timeout())) {
            try {
                expire(job.id(), job.leaseToken(), null);
            } catch (RuntimeException e) {
                log.warn("Could not expire job {}: {}", job.id(), e.getMessage());
            }
        }
    }

    private interface Accepted {
        /** Stores the report; returns the job.finished payload, or null when the job goes back to the queue. */
        Map<String, Object> apply(Job job);
    }

    private ReportReply report(long jobId, UUID token, String workerId, Accepted accepted) {
        ReportReply reply = tx.execute(status -> {
            jobs.lockCampaignOf(jobId).orElseThrow(() -> new NotFoundException("job", jobId));
            Job job = jobs.lock(jobId).orElseThrow(() -> new NotFoundException("job", jobId));
            if (!token.equals(job.leaseToken())) {
                throw notHeld(job, workerId);
            }
            if (job.state() == JobState.CANCELLED) {
                return new ReportReply(false, "job " + jobId + " was cancelled (" + job.failureMessage()
                        + "); this report was ignored");
            }
            if (job.state() != JobState.LEASED) {
                return new ReportReply(false, "job " + jobId + " already has its report (" + job.state()
                        + "); this one was ignored");
            }
            Map<String, Object> payload = accepted.apply(job);
            if (payload != null) {
                events.append(job.campaignId(), "job.finished", job.candidateId(), job.id(), payload);
                finishCandidate(job);
            }
            afterCommit(job.campaignId());
            return new ReportReply(true, "recorded");
        });
        return reply;
    }

    /** A lease that ended without a report: retry elsewhere, or fail for good. */
    private void expire(long jobId, UUID token, String why) {
        tx.executeWithoutResult(status -> {
            if (jobs.lockCampaignOf(jobId).isEmpty()) {
                return;
            }
            Job job = jobs.lock(jobId).orElseThrow();
            if (job.state() != JobState.LEASED || !job.leaseToken().equals(token)) {
                return;
            }
            Instant now = Instant.now();
            boolean timedOut = job.leasedAt() != null && job.leasedAt().plus(properties.timeout()).isBefore(now);
            if (why == null && timedOut) {
                String message = "ran past the time limit of " + properties.timeout().toSeconds()
                        + " s (lossforge.jobs.timeout) on worker " + job.leaseOwner();
                jobs.finish(job.id(), JobState.FAILED, FailureKind.TIMEOUT.name(), message);
                Map<String, Object> payload = jobPayload(job);
                payload.put("outcome", FailureKind.TIMEOUT.name());
                payload.put("message", message);
                events.append(job.campaignId(), "job.finished", job.candidateId(), job.id(), payload);
                finishCandidate(job);
            } else {
                String reason = why != null ? why : "worker " + job.leaseOwner() + " stopped sending heartbeats "
                        + "(lease expired at " + job.leaseExpiresAt() + ")";
                Map<String, Object> payload = lost(job, reason);
                if (payload != null) {
                    events.append(job.campaignId(), "job.finished", job.candidateId(), job.id(), payload);
                    finishCandidate(job);
                }
            }
            afterCommit(job.campaignId());
        });
    }

    /**
     * The worker holding the job is gone: CRASHED, retried while attempts remain.
     *
     * @return the job.finished payload when the job failed for good, null when it was requeued
     */
    private Map<String, Object> lost(Job job, String reason) {
        Map<String, Object> payload = jobPayload(job);
        payload.put("attempt", job.attempts());
        payload.put("maxAttempts", job.maxAttempts());
        payload.put("message", reason);
        if (job.attempts() < job.maxAttempts()) {
            jobs.requeue(job.id(), FailureKind.CRASHED.name(), reason + "; attempt " + job.attempts() + " of "
                    + job.maxAttempts() + ", retried");
            events.append(job.campaignId(), "job.retried", job.candidateId(), job.id(), payload);
            log.info("Job {} requeued: {}", job.id(), reason);
            return null;
        }
        String message = reason + "; every one of " + job.maxAttempts() + " attempts was lost";
        jobs.finish(job.id(), JobState.FAILED, FailureKind.CRASHED.name(), message);
        payload.put("outcome", FailureKind.CRASHED.name());
        payload.put("message", message);
        return payload;
    }

    private void finishCandidate(Job job) {
        scoring.jobFinished(job.candidateId(), job.task(), job.heldOut()).ifPresent(finished -> {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("name", finished.candidate().name());
            payload.put("task", finished.task());
            payload.put("heldOut", finished.heldOut());
            payload.put("status", finished.status().name());
            payload.put("fitnessMean", finished.aggregate().mean());
            payload.put("fitnessCiLow", finished.aggregate().ciLow());
            payload.put("fitnessCiHigh", finished.aggregate().ciHigh());
            payload.put("seeds", finished.aggregate().n());
            payload.put("failedSeeds", finished.aggregate().failed());
            events.append(job.campaignId(), "candidate.finished", job.candidateId(), null, payload);
        });
    }

    private void afterCommit(long campaignId) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                signal.wake();
                publisher.publishEvent(new JobsChanged(campaignId));
            }
        });
    }

    private static Map<String, Object> jobPayload(Job job) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("jobId", job.id());
        payload.put("task", job.task());
        payload.put("seed", job.seed());
        payload.put("heldOut", job.heldOut());
        return payload;
    }

    private static ConflictException notHeld(Job job, String workerId) {
        return new ConflictException("job " + job.id() + " is not leased to " + (workerId == null ? "this worker"
                : "worker " + workerId) + " under this lease token: its lease ended (expired, or never granted) and "
                + "the job is now " + job.state() + (job.leaseOwner() == null ? "" : ", held by " + job.leaseOwner()));
    }

    private static UUID token(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("leaseToken", "leaseToken is required (the one the lease gave)");
        }
        try {
            return UUID.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("leaseToken", "not a lease token: '" + text + "'");
        }
    }

    private static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, field + " is required");
        }
        if (value.length() > 200) {
            throw new InvalidRequestException(field, field + " is longer than 200 characters");
        }
        return value.trim();
    }

    private static Double finite(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }

    private static List<TrainingPoint> clean(List<TrainingPoint> curve) {
        if (curve == null) {
            return List.of();
        }
        return curve.stream().map(p -> new TrainingPoint(p.step(), finite(p.loss()), finite(p.gradientNorm()))).toList();
    }

    private static List<EvaluationPoint> cleanEvaluations(List<EvaluationPoint> evaluations) {
        if (evaluations == null) {
            return List.of();
        }
        return evaluations.stream().map(e -> {
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (e.metrics() != null) {
                e.metrics().forEach((k, v) -> {
                    if (v != null && Double.isFinite(v)) {
                        metrics.put(k, v);
                    }
                });
            }
            return new EvaluationPoint(e.step(), metrics);
        }).toList();
    }
}
