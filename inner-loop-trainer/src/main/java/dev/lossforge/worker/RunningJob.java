package dev.lossforge.worker;

import dev.lossforge.train.Progress;
import dev.lossforge.train.TrainingListener;
import dev.lossforge.worker.protocol.JobLease;

/** A job being run: its latest progress for heartbeats, and the flags that stop it. */
final class RunningJob implements TrainingListener {

    final JobLease lease;
    final long deadlineNanos;
    volatile String phase = "compile";
    volatile Progress progress;
    /** The service no longer wants the result (cancelled, or the lease was lost). */
    volatile boolean abandoned;

    RunningJob(JobLease lease) {
        this.lease = lease;
        this.deadlineNanos = System.nanoTime() + (long) (lease.timeoutSeconds() * 1e9);
    }

    boolean pastDeadline() {
        return System.nanoTime() - deadlineNanos > 0;
    }

    @Override
    public void onProgress(Progress progress) {
        this.phase = progress.phase();
        this.progress = progress;
    }

    @Override
    public boolean stopRequested() {
        return abandoned || pastDeadline();
    }
}
