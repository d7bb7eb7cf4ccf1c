package dev.lossforge.service.worker;

import dev.lossforge.service.job.JobService;
import dev.lossforge.worker.protocol.Heartbeat;
import dev.lossforge.worker.protocol.HeartbeatReply;
import dev.lossforge.worker.protocol.JobFailure;
import dev.lossforge.worker.protocol.JobLease;
import dev.lossforge.worker.protocol.JobResult;
import dev.lossforge.worker.protocol.LeaseRequest;
import dev.lossforge.worker.protocol.ReportReply;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The worker protocol (see dev.lossforge.worker.protocol); authenticated by the worker token. */
@RestController
@Tag(name = "workers", description = "The trainer workers' protocol; requests carry 'Authorization: Bearer <worker token>'")
class WorkerController {

    private final JobService jobs;
    private final LocalWorkers local;
    private final WorkerRegistry registry;

    WorkerController(JobService jobs, LocalWorkers local, WorkerRegistry registry) {
        this.jobs = jobs;
        this.local = local;
        this.registry = registry;
    }

    @Operation(summary = "Lease a job (long poll)", description = "200 with the job, or 204 when none came up within waitSeconds.")
    @PostMapping("/api/worker/lease")
    ResponseEntity<JobLease> lease(@RequestBody LeaseRequest request) throws InterruptedException {
        return jobs.lease(request, local.isLocal(request.workerId()))
                .map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @Operation(summary = "Renew a lease and report progress", description = "409 when the lease is no longer held.")
    @PostMapping("/api/worker/jobs/{id}/heartbeat")
    HeartbeatReply heartbeat(@PathVariable long id, @RequestBody Heartbeat heartbeat) {
        return jobs.heartbeat(id, heartbeat);
    }

    @Operation(summary = "Report a run that trained (completed, diverged or timed out)")
    @PostMapping("/api/worker/jobs/{id}/result")
    ReportReply result(@PathVariable long id, @RequestBody JobResult result) {
        return jobs.result(id, result);
    }

    @Operation(summary = "Report a job that could not run (INVALID, DIVERGED, TIMEOUT, CRASHED, ERROR)")
    @PostMapping("/api/worker/jobs/{id}/failure")
    ReportReply failure(@PathVariable long id, @RequestBody JobFailure failure) {
        return jobs.failure(id, failure);
    }

    @Operation(summary = "Workers seen lately")
    @GetMapping("/api/workers")
    List<WorkerRegistry.WorkerView> workers() {
        return registry.active();
    }
}
