package dev.lossforge.service.metrics;

import dev.lossforge.service.job.JobRepository;
import dev.lossforge.service.worker.WorkerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus gauges from the database, refreshed every few seconds so that a scrape costs no
 * query: {@code lossforge_jobs{state="queued|running|finished|failed|cancelled"}},
 * {@code lossforge_jobs_failed{reason="DIVERGED|TIMEOUT|CRASHED|ERROR|INVALID"}} and
 * {@code lossforge_workers} (workers seen within lossforge.workers.active-window).
 */
@Component
class JobMetrics {

    private static final Logger log = LoggerFactory.getLogger(JobMetrics.class);
    private static final List<String> FAILURE_KINDS = List.of("INVALID", "DIVERGED", "TIMEOUT", "CRASHED", "ERROR");
    private static final Map<String, String> STATES = Map.of(
            "QUEUED", "queued", "LEASED", "running", "SUCCEEDED", "finished", "FAILED", "failed",
            "CANCELLED", "cancelled");

    private final JobRepository jobs;
    private final WorkerRegistry workers;
    private final Map<String, AtomicLong> byState = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, AtomicLong> byFailure = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong activeWorkers = new AtomicLong();

    JobMetrics(JobRepository jobs, WorkerRegistry workers, MeterRegistry registry) {
        this.jobs = jobs;
        this.workers = workers;
        STATES.values().forEach(state -> {
            AtomicLong value = byState.computeIfAbsent(state, k -> new AtomicLong());
            Gauge.builder("lossforge.jobs", value, AtomicLong::get).tag("state", state)
                    .description("evaluation jobs by state").register(registry);
        });
        FAILURE_KINDS.forEach(kind -> {
            AtomicLong value = byFailure.computeIfAbsent(kind, k -> new AtomicLong());
            Gauge.builder("lossforge.jobs.failed", value, AtomicLong::get).tag("reason", kind)
                    .description("failed evaluation jobs by failure kind").register(registry);
        });
        Gauge.builder("lossforge.workers", activeWorkers, AtomicLong::get)
                .description("trainer workers seen lately").register(registry);
    }

    @Scheduled(fixedDelay = 5_000, initialDelay = 0)
    void refresh() {
        try {
            Map<String, Long> states = jobs.countsByState();
            STATES.forEach((state, label) -> byState.get(label).set(states.getOrDefault(state, 0L)));
            Map<String, Long> failures = jobs.failuresByKind();
            FAILURE_KINDS.forEach(kind -> byFailure.get(kind).set(failures.getOrDefault(kind, 0L)));
            activeWorkers.set(workers.activeCount());
        } catch (RuntimeException e) {
            log.debug("metrics refresh failed: {}", e.getMessage());
        }
    }
}
