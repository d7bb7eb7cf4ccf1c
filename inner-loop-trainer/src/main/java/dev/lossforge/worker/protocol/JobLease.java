package dev.lossforge.worker.protocol;

import java.util.Map;

/**
 * A job the worker now holds until {@code leaseSeconds} pass without a heartbeat.
 *
 * @param jobId            the job
 * @param leaseToken       quoted in every heartbeat and report of this lease
 * @param attempt          1 for the first lease of the job, 2 after the first holder was lost, ...
 * @param candidateId      the candidate whose loss the job trains with
 * @param candidateName    its name, for logs
 * @param code             the loss's Java source, compiled by the worker in its own sandbox
 * @param task             the task as the registry names it ({@code bandit:noisy-40})
 * @param taskConfig       overrides of the task's defaults
 * @param seed             the seed of this run
 * @param timeoutSeconds   hard wall-clock limit of the run; past it the job ends as TIMEOUT
 * @param leaseSeconds     the lease lasts this long after each heartbeat
 * @param heartbeatSeconds how often the service wants a heartbeat
 */
public record JobLease(
        long jobId,
        String leaseToken,
        int attempt,
        long candidateId,
        String candidateName,
        String code,
        String task,
        Map<String, Object> taskConfig,
        long seed,
        double timeoutSeconds,
        double leaseSeconds,
        double heartbeatSeconds) {
}
