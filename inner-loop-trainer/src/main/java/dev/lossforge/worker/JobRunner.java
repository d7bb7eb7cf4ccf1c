package dev.lossforge.worker;

import dev.lossforge.loss.MissingInputException;
import dev.lossforge.sandbox.LossRejectedException;
import dev.lossforge.sandbox.LossValidator;
import dev.lossforge.sandbox.ValidatedLoss;
import dev.lossforge.task.CurvePoint;
import dev.lossforge.task.EvalPoint;
import dev.lossforge.task.InvalidTaskException;
import dev.lossforge.task.ResolvedTask;
import dev.lossforge.task.RunStatus;
import dev.lossforge.task.SeedResult;
import dev.lossforge.task.TaskRegistry;
import dev.lossforge.task.TaskRun;
import dev.lossforge.worker.protocol.EvaluationPoint;
import dev.lossforge.worker.protocol.FailureKind;
import dev.lossforge.worker.protocol.JobFailure;
import dev.lossforge.worker.protocol.JobLease;
import dev.lossforge.worker.protocol.JobResult;
import dev.lossforge.worker.protocol.RunOutcome;
import dev.lossforge.worker.protocol.TrainingPoint;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one job: compiles the candidate's code in this worker's own sandbox (the service's verdict
 * is not trusted), trains it on the job's task and seed, and turns the outcome into a report.
 */
final class JobRunner {

    /** What to tell the service: a result, a failure, or nothing (the job was abandoned). */
    record Report(JobResult result, JobFailure failure) {
        static final Report NONE = new Report(null, null);
    }

    private final LossValidator validator = new LossValidator();
    private final String workerId;
    private final Path cacheDir;

    JobRunner(String workerId, Path cacheDir) {
        this.workerId = workerId;
        this.cacheDir = cacheDir;
    }

    Report run(RunningJob job) {
        JobLease lease = job.lease;
        ValidatedLoss loss;
        try {
            loss = validator.validate(lease.code());
        } catch (LossRejectedException e) {
            return failure(lease, FailureKind.INVALID, e.kind() + ": " + e.reason(),
                    e.line() == 0 ? null : e.line(), e.column() == 0 ? null : e.column());
        }
        ResolvedTask task;
        try {
            task = TaskRegistry.resolve(lease.task(), lease.taskConfig() == null ? Map.of() : lease.taskConfig());
        } catch (InvalidTaskException e) {
            return failure(lease, FailureKind.ERROR, "this worker cannot run " + lease.task() + ": " + e.field() + ": "
                    + e.getMessage(), null, null);
        }
        job.phase = "train";
        SeedResult result;
        try {
            result = task.task().run(new TaskRun(task.variant(), task.config(), loss.loss().newInstance(), lease.seed(),
                    job, cacheDir));
        } catch (MissingInputException e) {
            return failure(lease, FailureKind.INVALID, "the loss needs an input task " + lease.task() + " does not have: "
                    + e.getMessage(), null, null);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            return failure(lease, FailureKind.ERROR, "the run failed: " + e, null, null);
        }
        if (job.abandoned) {
            return Report.NONE;
        }
        RunOutcome outcome;
        String message = result.message();
        if (result.status() == RunStatus.COMPLETED) {
            if (!Double.isFinite(result.fitness())) {
                return failure(lease, FailureKind.ERROR, "the run completed without a finite fitness ("
                        + result.fitness() + ")", null, null);
            }
            outcome = RunOutcome.COMPLETED;
        } else if (result.status() == RunStatus.DIVERGED) {
            outcome = RunOutcome.DIVERGED;
        } else if (result.status() == RunStatus.TIMEOUT || job.pastDeadline()) {
            outcome = RunOutcome.TIMEOUT;
            if (result.status() == RunStatus.CANCELLED) {
                message = "stopped at the job's time limit of " + lease.timeoutSeconds() + " s";
            }
        } else {
            return failure(lease, FailureKind.ERROR, "the run ended as " + result.status() + ": " + message, null, null);
        }
        return new Report(new JobResult(workerId, lease.leaseToken(), outcome,
                outcome == RunOutcome.COMPLETED ? result.fitness() : null, finite(result.metrics()),
                curve(result.trainingCurve()), evaluations(result.evaluations()), result.wallSeconds(), message), null);
    }

    private Report failure(JobLease lease, FailureKind kind, String message, Integer line, Integer column) {
        return new Report(null, new JobFailure(workerId, lease.leaseToken(), kind, message, line, column));
    }

    static Map<String, Double> finite(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static List<TrainingPoint> curve(List<CurvePoint> curve) {
        return curve.stream().map(p -> new TrainingPoint(p.step(), finiteOrNull(p.loss()), finiteOrNull(p.gradientNorm())))
                .toList();
    }

    private static List<EvaluationPoint> evaluations(List<EvalPoint> points) {
        return points.stream().map(p -> new EvaluationPoint(p.step(), finite(p.metrics()))).toList();
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
