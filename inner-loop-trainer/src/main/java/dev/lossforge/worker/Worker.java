package dev.lossforge.worker;

import dev.lossforge.worker.protocol.FailureKind;
import dev.lossforge.worker.protocol.Heartbeat;
import dev.lossforge.worker.protocol.HeartbeatReply;
import dev.lossforge.worker.protocol.JobFailure;
import dev.lossforge.worker.protocol.JobLease;
import dev.lossforge.worker.protocol.LeaseRequest;
import dev.lossforge.worker.protocol.ReportReply;
import dev.lossforge.train.Progress;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A trainer worker: leases jobs from the service over HTTP, runs each in this JVM, heartbeats
 * while it runs, and reports the outcome. It holds no database credentials, only the service's
 * URL and a worker token; when the service is unreachable it retries with back-off.
 */
public final class Worker {

    /**
     * @param service     the service's base URL
     * @param token       the worker token
     * @param id          this process's worker id
     * @param name        a name for people
     * @param host        this host's name
     * @param device      what it trains on
     * @param cacheDir    the tasks' artifact cache
     * @param parentPid   exit when this process is gone (local workers), or null
     * @param waitSeconds long-poll wait of a lease request
     * @param maxJobs     stop after this many jobs (0: never)
     */
    public record Options(String service, String token, String id, String name, String host, String device,
                          Path cacheDir, Long parentPid, int waitSeconds, int maxJobs) {
    }

    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A run that ignores its stop request for this long past its limit is abandoned with its JVM. */
    static final Duration HANG_GRACE = Duration.ofSeconds(30);
    static final int HUNG_EXIT_STATUS = 3;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Options options;
    private final ServiceClient client;
    private final JobRunner runner;
    private final PrintStream log;
    private final ExecutorService runs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "job-run");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;
    private volatile RunningJob current;

    public Worker(Options options, PrintStream log) {
        this.options = options;
        this.client = new ServiceClient(java.net.URI.create(options.service()), options.token());
        this.runner = new JobRunner(options.id(), options.cacheDir());
        this.log = log;
    }

    /** Runs until stopped, the job limit is reached, or the service refuses the token; returns the exit status. */
    public int run() {
        watchParent();
        Runtime.getRuntime().addShutdownHook(new Thread(this::onShutdown, "worker-shutdown"));
        log("worker " + options.id() + " (" + options.name() + ", " + options.device() + ") serving " + client.base());
        Duration backoff = Duration.ofSeconds(1);
        boolean unreachable = false;
        int done = 0;
        while (!stopping) {
            Optional<JobLease> lease;
            try {
                lease = client.lease(new LeaseRequest(options.id(), options.name(), options.host(), options.device(),
                        options.waitSeconds()));
                if (unreachable) {
                    log("service reachable again");
                    unreachable = false;
                }
                backoff = Duration.ofSeconds(1);
            } catch (ServiceException e) {
                if (e.status() == 401 || e.status() == 403) {
                    log("the service refused this worker: " + e.getMessage());
                    return 2;
                }
                if (!unreachable) {
                    log("cannot lease a job (" + e.getMessage() + "); retrying with back-off up to "
                            + MAX_BACKOFF.toSeconds() + " s");
                    unreachable = true;
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                continue;
            }
            if (lease.isPresent()) {
                runJob(lease.get());
                done++;
                if (options.maxJobs() > 0 && done >= options.maxJobs()) {
                    log("done " + done + " job(s); exiting");
                    return 0;
                }
            }
        }
        return 0;
    }

    private void runJob(JobLease lease) {
        log("job " + lease.jobId() + ": " + lease.candidateName() + " on " + lease.task() + " seed " + lease.seed()
                + " (attempt " + lease.attempt() + ")");
        RunningJob job = new RunningJob(lease);
        current = job;
        long started = System.nanoTime();
        Future<JobRunner.Report> future = runs.submit(() -> runner.run(job));
        Duration interval = Duration.ofMillis(Math.max(200, (long) (lease.heartbeatSeconds() * 1000)));
        JobRunner.Report report;
        while (true) {
            try {
                report = future.get(interval.toMillis(), TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                heartbeat(job);
                if (job.pastDeadline() && System.nanoTime() - job.deadlineNanos > HANG_GRACE.toNanos()) {
                    // the run ignores its stop request: only a new JVM gets this worker back
                    log("job " + lease.jobId() + " did not stop at its time limit; reporting TIMEOUT and exiting");
                    send(lease, new JobRunner.Report(null, new JobFailure(options.id(), lease.leaseToken(),
                            FailureKind.TIMEOUT, "the run did not stop at its time limit of " + lease.timeoutSeconds()
                            + " s", null, null)));
                    System.exit(HUNG_EXIT_STATUS);
                }
            } catch (ExecutionException e) {
                report = new JobRunner.Report(null, new JobFailure(options.id(), lease.leaseToken(), FailureKind.ERROR,
                        "the run failed: " + e.getCause(), null, null));
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        current = null;
        if (job.abandoned) {
            log("job " + lease.jobId() + " abandoned (cancelled or lease lost)");
            return;
        }
        send(lease, report);
        double seconds = (System.nanoTime() - started) / 1e9;
        String outcome = report.result() != null
                ? report.result().outcome() + (report.result().fitness() == null ? "" : " fitness " + report.result().fitness())
                : report.failure() != null ? report.failure().kind() + ": " + report.failure().message() : "nothing";
        log(String.format("job %d: %s in %.1f s", lease.jobId(), outcome, seconds));
    }

    private void heartbeat(RunningJob job) {
        Progress p = job.progress;
        Heartbeat beat = new Heartbeat(options.id(), job.lease.leaseToken(), job.phase,
                p == null ? 0 : p.step(), p == null ? 0 : p.totalSteps(),
                p == null || !Double.isFinite(p.loss()) ? null : p.loss(),
                p == null || !Double.isFinite(p.stepsPerSecond()) ? null : p.stepsPerSecond());
        try {
            HeartbeatReply reply = client.heartbeat(job.lease.jobId(), beat);
            if (reply.cancel()) {
                log("job " + job.lease.jobId() + ": the service cancelled it (" + reply.message() + ")");
                job.abandoned = true;
            }
        } catch (ServiceException e) {
            if (e.status() == 409 || e.status() == 404) {
                log("job " + job.lease.jobId() + ": lease lost (" + e.getMessage() + ")");
                job.abandoned = true;
            }
            // unreachable: keep running; the next heartbeat or the report tries again
        }
    }

    /** Delivers a report, retrying while the service is unreachable; a refusal is final. */
    private void send(JobLease lease, JobRunner.Report report) {
        if (report.result() == null && report.failure() == null) {
            return;
        }
        Duration backoff = Duration.ofSeconds(1);
        long giveUp = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            try {
                ReportReply reply = report.result() != null
                        ? client.result(lease.jobId(), report.result())
                        : client.failure(lease.jobId(), report.failure());
                if (!reply.recorded()) {
                    log("job " + lease.jobId() + ": " + reply.message());
                }
                return;
            } catch (ServiceException e) {
                if (!e.retryable() || System.nanoTime() > giveUp) {
                    log("job " + lease.jobId() + ": report not accepted: " + e.getMessage());
                    return;
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** A stopped worker hands its job back at once instead of letting the lease run out. */
    private void onShutdown() {
        stopping = true;
        RunningJob job = current;
        if (job != null && !job.abandoned) {
            job.abandoned = true;
            try {
                client.failure(job.lease.jobId(), new JobFailure(options.id(), job.lease.leaseToken(),
                        FailureKind.CRASHED, "worker " + options.id() + " was stopped", null, null));
            } catch (ServiceException ignored) {
                // the lease expires and the service retries the job anyway
            }
        }
    }

    private void watchParent() {
        if (options.parentPid() == null) {
            return;
        }
        Thread watcher = new Thread(() -> {
            while (true) {
                boolean alive = ProcessHandle.of(options.parentPid()).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    log("parent process " + options.parentPid() + " is gone; exiting");
                    System.exit(0);
                }
                sleep(Duration.ofSeconds(1));
            }
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void log(String message) {
        log.println(LocalTime.now().format(TIME) + " [" + options.name() + "] " + message);
        log.flush();
    }
}
